package dev.pinion.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A file server on a loopback address for pull tests: fixed files, redirects, error statuses, chunked
 * bodies and a "slow" file that sends half its bytes and waits to be released. Records every path hit,
 * so a test can prove a refused destination was never contacted.
 */
public final class LoopbackOrigin implements AutoCloseable {
    private final HttpServer server;
    private final List<String> hits = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final String host;

    private LoopbackOrigin(HttpServer server, String host) {
        this.server = server;
        this.host = host;
    }

    public static LoopbackOrigin start(String address) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
            LoopbackOrigin origin = new LoopbackOrigin(server, address.contains(":") ? "[" + address + "]" : address);
            server.createContext("/", origin::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return origin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<String> hits() {
        return hits;
    }

    /** Lets every waiting slow download finish. */
    public void release() {
        release.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        hits.add(path + (query == null ? "" : "?" + query) + " UA="
                + exchange.getRequestHeaders().getFirst("User-Agent"));
        try (exchange) {
            switch (path) {
                case "/redirect" -> {
                    exchange.getResponseHeaders()
                            .add(
                                    "Location",
                                    query.substring("to=".length())
                                            .replace("%3A", ":")
                                            .replace("%2F", "/"));
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/missing" -> exchange.sendResponseHeaders(404, -1);
                case "/chunked" -> {
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("chunked body".getBytes());
                }
                case "/named" -> {
                    exchange.getResponseHeaders()
                            .add("Content-Disposition", "attachment; filename=\"from-header.jar\"");
                    send(exchange, "named".getBytes());
                }
                case "/escape" -> {
                    exchange.getResponseHeaders()
                            .add("Content-Disposition", "attachment; filename=\"../../../../outside/x.jar\"");
                    send(exchange, "escape".getBytes());
                }
                case "/big" -> send(exchange, new byte[2 * 1024 * 1024]);
                case "/slow.bin" -> {
                    exchange.sendResponseHeaders(200, 2000);
                    OutputStream out = exchange.getResponseBody();
                    out.write(new byte[1000]);
                    out.flush();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.write(new byte[1000]);
                }
                default -> send(exchange, ("content of " + path).getBytes());
            }
        }
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
