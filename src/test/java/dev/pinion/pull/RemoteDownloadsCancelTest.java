package dev.pinion.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.FilesystemSettings;
import dev.pinion.filesystem.Ownership;
import dev.pinion.filesystem.ServerFilesystem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A deleted server's pulls, and every pull at daemon shutdown, are cancelled (spec panel-to-wings-api.md §4.2). */
class RemoteDownloadsCancelTest {
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
                AddressPolicy.wingsExcept("127.0.0.1"), Executors.newVirtualThreadPerTaskExecutor());
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
