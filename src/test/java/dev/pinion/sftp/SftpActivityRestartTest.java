package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.testing.GameServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;

/** "A restart or kill -9 loses nothing acknowledged" (issue #13; spec websocket-sftp-activity.md §3.2). */
class SftpActivityRestartTest {
    @Test
    void activityRecordedBeforeARestartReachesThePanelAfterIt() throws Exception {
        // Shipping runs at start and then hourly: what is recorded now stays queued on disk.
        try (SftpNode node = SftpNode.start("  activity_send_interval: 3600\n", "", GameServers.server())) {
            try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
                sftp.mkdir("/before-restart");
            }
            node.daemon.stop();
            assertThat(node.panel.activity()).isEmpty();

            Path config = node.daemon.node().configFile();
            Files.writeString(
                    config,
                    Files.readString(config).replace("activity_send_interval: 3600", "activity_send_interval: 1"));
            node.daemon.start();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> node.panel.activity().stream()
                            .anyMatch(e -> e.path("event").asText().equals("server:sftp.create-directory")));
            JsonNode entry = node.panel.activity().get(0);
            assertThat(entry.path("user").asText()).isEqualTo(node.ownerUuid);
            assertThat(entry.path("metadata").path("files").get(0).asText()).isEqualTo("/before-restart");
        }
    }
}
