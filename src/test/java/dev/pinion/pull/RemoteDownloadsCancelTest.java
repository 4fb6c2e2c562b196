package dev.pinion.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.FilesystemSettings;
import dev.pinion.filesystem.Ownership;
import dev.pinion.filesystem.ServerFilesystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A deleted server's pulls, and every pull at daemon shutdown, are cancelled (spec panel-to-wings-api.md
 * §4.2); a pull that outlives its whole deadline is ended however slowly its peer trickles (issue #10
 * item 10).
 */
class RemoteDownloadsCancelTest {
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopTimers() {
        TIMERS.shutdownNow();
    }

    /** A client whose per-read timeout (10 min) never fires in a test: only the deadline can end a stall. */
    private static RemoteDownloads withDeadline(Duration deadline) {
        return new RemoteDownloads(
                new GuardedHttpGet(
                        AddressPolicy.wingsExcept("127.0.0.1"),
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(10),
                        (SSLSocketFactory) SSLSocketFactory.getDefault()),
                Executors.newVirtualThreadPerTaskExecutor(),
                TIMERS,
                deadline);
    }

    @Test
    void aPeerThatNeverSendsItsHeadersIsCutOffAtTheDeadline() throws Exception {
        Path data = Files.createTempDirectory("pulls");
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            Download download = withDeadline(Duration.ofMillis(500))
                    .start(
                            "mute",
                            filesystem(data, "mute"),
                            new PullRequest(
                                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/x.bin"),
                                    "/",
                                    "x.bin",
                                    false));

            assertThatThrownBy(() -> download.result().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("did not finish within");
            assertThat(download.timedOut()).isTrue();
            assertThat(accepted).hasSize(1);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyThatStallsIsCutOffAtTheDeadlineAndLeavesNoFile() throws Exception {
        Path data = Files.createTempDirectory("pulls");
        RemoteDownloads downloads = withDeadline(Duration.ofSeconds(1));
        try (LoopbackOrigin slow = LoopbackOrigin.start("127.0.0.1")) {
            Download download = downloads.start(
                    "stalled",
                    filesystem(data, "stalled"),
                    new PullRequest(URI.create(slow.url("/slow.bin")), "/", "a.bin", false));

            assertThatThrownBy(() -> download.result().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("did not finish within");
            assertThat(downloads.of("stalled")).isEmpty();
            assertThat(Files.exists(data.resolve("stalled/a.bin"))).isFalse();
        }
    }

    @Test
    void aPullThatFinishesInTimeIsNotCutOff() throws Exception {
        Path data = Files.createTempDirectory("pulls");
        RemoteDownloads downloads = withDeadline(Duration.ofSeconds(30));
        try (LoopbackOrigin origin = LoopbackOrigin.start("127.0.0.1")) {
            Download download = downloads.start(
                    "quick",
                    filesystem(data, "quick"),
                    new PullRequest(URI.create(origin.url("/big")), "/", "big.bin", false));

            assertThat(download.result().get(30, TimeUnit.SECONDS)).isEqualTo("//big.bin");
            assertThat(Files.size(data.resolve("quick/big.bin"))).isEqualTo(2 * 1024 * 1024);
            assertThat(download.timedOut()).isFalse();
        }
    }

    private static ServerFilesystem filesystem(Path data, String uuid) {
        return new ServerFilesystem(
                FilesystemSettings.forServer(data, uuid, 0, Duration.ofSeconds(150), Ownership.none(), 1),
                Denylist.empty(),
                Clock.systemUTC(),
                Executors.newVirtualThreadPerTaskExecutor());
    }

    @Test
    void cancellingAServersPullsEndsThemAndLeavesOtherServersAlone() throws Exception {
        Path data = Files.createTempDirectory("pulls");
        RemoteDownloads downloads = new RemoteDownloads(
                AddressPolicy.wingsExcept("127.0.0.1"), Executors.newVirtualThreadPerTaskExecutor(), TIMERS);
        try (LoopbackOrigin slow = LoopbackOrigin.start("127.0.0.1")) {
            URI url = URI.create(slow.url("/slow.bin"));
            Download doomed =
                    downloads.start("doomed", filesystem(data, "doomed"), new PullRequest(url, "/", "a.bin", false));
            Download kept =
                    downloads.start("kept", filesystem(data, "kept"), new PullRequest(url, "/", "b.bin", false));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> downloads.of("doomed").size() == 1
                            && downloads.of("kept").size() == 1);

            downloads.cancelAll("doomed");

            assertThatThrownBy(() -> doomed.result().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("cancelled");
            assertThat(downloads.of("doomed")).isEmpty();
            assertThat(kept.result()).isNotDone();
            assertThat(Files.exists(data.resolve("doomed/a.bin"))).isFalse();

            downloads.cancelAll();
            assertThatThrownBy(() -> kept.result().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }
}
