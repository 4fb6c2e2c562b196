package dev.pinion.transfer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * A stand-in destination node for sender tests: a real HTTP server on loopback that stores the raw
 * transfer body it receives (then answers as told), refuses at once, or reads slowly; and a raw
 * socket that reads a little and then vanishes.
 */
final class TestDestination implements AutoCloseable {
    enum Behaviour {
        ACCEPT,
        REFUSE,
        SLOW
    }

    /** What one request carried. */
    record Received(Path body, String contentType, String transferEncoding, String authorization) {}

    private final HttpServer server;
    private final Path directory;
    private volatile Behaviour behaviour = Behaviour.ACCEPT;
    private volatile CompletableFuture<Received> received = new CompletableFuture<>();

    TestDestination() throws IOException {
        directory = Files.createTempDirectory("pinion-destination-");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/transfers", exchange -> {
            try (exchange) {
                var headers = exchange.getRequestHeaders();
                switch (behaviour) {
                    case REFUSE -> {
                        byte[] error = "{\"error\":\"checksums don't match\"}".getBytes();
                        exchange.sendResponseHeaders(500, error.length);
                        exchange.getResponseBody().write(error);
                    }
                    case SLOW -> {
                        InputStream in = exchange.getRequestBody();
                        byte[] buffer = new byte[16 * 1024];
                        while (in.read(buffer) >= 0) {
                            Thread.sleep(20);
                        }
                        exchange.sendResponseHeaders(500, -1);
                    }
                    case ACCEPT -> {
                        Path body = Files.createTempFile(directory, "body-", ".bin");
                        try (InputStream in = exchange.getRequestBody()) {
                            Files.copy(in, body, StandardCopyOption.REPLACE_EXISTING);
                        }
                        received.complete(new Received(
                                body,
                                headers.getFirst("Content-Type"),
                                headers.getFirst("Transfer-Encoding"),
                                headers.getFirst("Authorization")));
                        exchange.sendResponseHeaders(200, -1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/transfers";
    }

    TestDestination behave(Behaviour next) {
        behaviour = next;
        received = new CompletableFuture<>();
        return this;
    }

    CompletableFuture<Received> received() {
        return received;
    }

    /** A destination that reads {@code bytes} of the request and then drops the connection. */
    static String vanishingAfter(long bytes) throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (socket;
                    Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                in.readNBytes((int) bytes);
                connection.setSoLinger(true, 0);
            } catch (IOException e) {
                // gone either way
            }
        });
        return "http://127.0.0.1:" + socket.getLocalPort() + "/api/transfers";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
