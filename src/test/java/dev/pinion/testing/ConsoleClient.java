package dev.pinion.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A console WebSocket client for tests (the JDK's), speaking the protocol the Panel's frontend
 * speaks: every message it receives is kept, in order, for the test to wait on.
 */
public final class ConsoleClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closeReason = "";
    private volatile boolean paused;
    private WebSocket socket;

    private ConsoleClient() {}

    /** Opens {@code /api/servers/<uuid>/ws} on the daemon with this Origin header. */
    public static ConsoleClient connect(int port, String serverUuid, String origin) {
        return connect(port, serverUuid, origin, null);
    }

    /**
     * As {@link #connect(int, String, String)}, claiming to be {@code forwardedFor} through an
     * {@code X-Forwarded-For} header (honoured when the daemon trusts 127.0.0.1 as a proxy).
     */
    public static ConsoleClient connect(int port, String serverUuid, String origin, String forwardedFor) {
        ConsoleClient client = new ConsoleClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        try {
            client.socket = builder.buildAsync(
                            URI.create("ws://127.0.0.1:" + port + "/api/servers/" + serverUuid + "/ws"),
                            client.listener())
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("console connect failed", e);
        }
        return client;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    try {
                        JsonNode node = JSON.readTree(text);
                        synchronized (received) {
                            received.add(node);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (!paused) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason = reason;
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                // an abrupt end, as a browser reports it
                closed.complete(1006);
            }
        };
    }

    /** Stops reading from the socket after the message being read now, like a frozen browser tab. */
    public ConsoleClient pauseReading() {
        paused = true;
        return this;
    }

    public ConsoleClient send(String event, String... args) {
        ObjectNode node = JSON.createObjectNode().put("event", event);
        ArrayNode array = node.putArray("args");
        for (String arg : args) {
            array.add(arg);
        }
        return sendRaw(node.toString());
    }

    public ConsoleClient sendRaw(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends {@code auth} with the token and waits for {@code auth success}. */
    public ConsoleClient authenticate(String token) {
        send("auth", token);
        awaitEvent("auth success");
        return this;
    }

    /** Every message received so far. */
    public List<JsonNode> messages() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The events received so far, by name. */
    public List<String> events() {
        return messages().stream().map(m -> m.path("event").asText()).toList();
    }

    public List<JsonNode> messages(String event) {
        return messages().stream()
                .filter(m -> m.path("event").asText().equals(event))
                .toList();
    }

    /** Waits for the first received message of this event matching {@code which}. */
    public JsonNode awaitEvent(String event, Predicate<JsonNode> which, Duration timeout) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (JsonNode message : messages(event)) {
                if (which.test(message)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public JsonNode awaitEvent(String event) {
        return awaitEvent(event, m -> true, Duration.ofSeconds(10));
    }

    /** The first arg of the first message of this event whose arg contains {@code text}. */
    public String awaitArgContaining(String event, String text, Duration timeout) {
        return awaitEvent(event, m -> m.path("args").path(0).asText().contains(text), timeout)
                .path("args")
                .path(0)
                .asText();
    }

    /** Waits until the daemon closes the socket; the close code (1006 when it just went away). */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the socket was not closed within " + timeout, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
