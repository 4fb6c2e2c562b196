package dev.pinion.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.PinionConfiguration;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.RawHandshake;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request refused before its body is read must still get its refusal to the client (spec
 * README, "errors": every failure answers in the Wings body), whatever order the client sends and
 * reads in, and a body that dribbles in must not hold a request thread past the drain budget. Played
 * on raw sockets, because HTTP clients hide whether an answer was destroyed by a reset.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UnreadBodyDrainTest {
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(TestNode.create());

    private static final String REFUSED = "POST /api/update HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer wrong\r\nContent-Type: application/json\r\nContent-Length: ";

    private static Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", APP.getLocalPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static void send(OutputStream out, long bytes) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (long left = bytes; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
        out.flush();
    }

    @Test
    void aClientThatSendsItsWholeBodyBeforeReadingGetsTheRefusalAndKeepsTheConnection() throws Exception {
        // Within the drain limit: the whole body is read, so the refusal arrives and the connection
        // stays usable (a server that stopped reading early closes it, or resets this writer).
        long size = 3L * 1024 * 1024;
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write((REFUSED + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            send(out, size);
            RawHandshake.Answer refused = RawHandshake.read(socket.getInputStream());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("\"error\":\"" + WingsMessages.FORBIDDEN + "\"");
            assertThat(refused.headers()).doesNotContainKey("connection");

            out.write(("GET /api/system HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestNode.TOKEN
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHandshake.read(socket.getInputStream()).status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyBeyondTheDrainLimitGetsTheRefusalAndConnectionClose() throws Exception {
        long size = UnreadBodyDrain.DRAIN_LIMIT + 4L * 1024 * 1024;
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write((REFUSED + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // sends while the answer is read, as curl and browsers do; the server stops reading
            // once the budget is spent, so this writer may end with a reset, which is expected
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    send(out, size);
                } catch (IOException expected) {
                    // the server closed its side after answering
                }
            });
            RawHandshake.Answer refused = RawHandshake.read(socket.getInputStream());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers()).containsEntry("connection", "close");
            socket.close();
            writer.join();
        }
    }

    @Test
    void aBodyThatStallsIsAnsweredWhenTheDrainTimeRunsOutNotAtTheIdleTimeout() throws Exception {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write((REFUSED + (1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            send(out, 1024);
            long start = System.nanoTime();
            RawHandshake.Answer refused = RawHandshake.read(socket.getInputStream());
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers()).containsEntry("connection", "close");
            // the connection's idle timeout is 30 s; the drain gives up after its own budget
            assertThat(waited).isLessThan(UnreadBodyDrain.DRAIN_TIME.plusSeconds(8));
        }
    }
}
