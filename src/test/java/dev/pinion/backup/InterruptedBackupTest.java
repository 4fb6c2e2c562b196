package dev.pinion.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.testing.FakePanel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A daemon killed mid-backup (kill -9) leaves only a temporary name, never {@code <uuid>.tar.gz}, and
 * never a success report; the next start removes the partial archive and reports the backup failed so
 * the Panel unlocks it (spec §5.2, §5.3; issue #11 "kill -9 ... leaves no file the Panel believes is
 * complete"). The killed run is reproduced by the files it leaves behind.
 */
class InterruptedBackupTest {
    @Test
    void theNextStartRemovesThePartialArchiveAndReportsTheBackupFailed() throws Exception {
        String local = UUID.randomUUID().toString();
        String s3 = UUID.randomUUID().toString();
        Path[] left = new Path[2];
        try (BackupNode node = BackupNode.start(
                "", (panel, server) -> panel.addBackup(local, server).addBackup(s3, server), "", n -> {
                    try {
                        Path backups = Files.createDirectories(n.root().resolve("lib/backups"));
                        left[0] = Files.write(backups.resolve(".pinion-" + local + ".tar.gz.tmp"), new byte[4096]);
                        left[1] = Files.write(backups.resolve(".pinion-" + s3 + ".s3-part.tmp"), new byte[4096]);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })) {
            for (String backup : new String[] {local, s3}) {
                node.panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup), Duration.ofSeconds(60));
                assertThat(node.panel.backupReport(backup).path("successful").asBoolean())
                        .isFalse();
                assertThat(node.archive(backup)).doesNotExist();
            }
            assertThat(left[0]).doesNotExist();
            assertThat(left[1]).doesNotExist();
        }
    }
}
