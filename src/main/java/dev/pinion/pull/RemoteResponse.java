package dev.pinion.pull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The response of a guarded GET: status, headers (lower-case names, first value) and the body stream
 * on the checked connection. Closing it closes the socket, which also aborts a running read (cancel).
 */
public record RemoteResponse(
        URI uri, int status, String reason, Map<String, String> headers, InputStream body, Socket socket)
        implements Closeable {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The declared Content-Length; -1 when absent, malformed, or the body is chunked. */
    public long contentLength() {
        if (header("transfer-encoding").isPresent()) {
            return -1;
        }
        try {
            return header("content-length")
                    .map(String::trim)
                    .map(Long::parseLong)
                    .orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
