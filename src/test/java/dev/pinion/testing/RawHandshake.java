package dev.pinion.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket opening handshake written by hand on a plain socket, so a test sees exactly what the
 * daemon answers when it refuses one (status, headers, body) — clients hide that.
 */
public final class RawHandshake {
    /** What came back. Header names are lower-cased. */
    public record Answer(int status, Map<String, String> headers, String body) {}

    private RawHandshake() {}

    /** {@code origin} null sends no Origin; {@code upgrade} false sends a plain GET. */
    public static Answer get(int port, String path, String origin, boolean upgrade) {
        return get(port, path, origin, upgrade, "");
    }

    /** As {@link #get(int, String, String, boolean)}, with more header lines ({@code "Name: value\r\n"} each). */
    public static Answer get(int port, String path, String origin, boolean upgrade, String headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            if (upgrade) {
                request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            }
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            request.append(headers).append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a console, sends one text message (say, the auth), and then never reads again: a
     * frozen browser tab whose tiny receive buffer fills at once. Close the socket when done.
     */
    public static Socket openAndStopReading(int port, String path, String origin, String message) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + origin + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Answer answer = read(socket.getInputStream());
        if (answer.status() != 101) {
            socket.close();
            throw new IllegalStateException("handshake answered " + answer.status());
        }
        out.write(maskedTextFrame(message.getBytes(StandardCharsets.UTF_8)));
        out.flush();
        return socket;
    }

    private static byte[] maskedTextFrame(byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads one HTTP answer (status line, headers, a Content-Length body) off a raw socket. */
    public static Answer read(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(
                    header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).trim());
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        String body = "";
        if (code != 101 && headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        return new Answer(code, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
