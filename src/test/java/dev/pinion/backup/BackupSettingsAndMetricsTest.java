package dev.pinion.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.Http;
import dev.pinion.testing.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code system.backups.write_limit} and {@code compression_level} reach the archive, and the backup
 * metrics follow a running backup (issue #11 items 1, 7 and 8; spec files-backups-transfers.md §5.2).
 * The limit is a wall-clock property, so only its lower bound is asserted: a slow machine can only make
 * the backup take longer.
 */
class BackupSettingsAndMetricsTest {
    private static final int MIB = 1024 * 1024;
    private static BackupNode node;

    @BeforeAll
    static void start() throws Exception {
        node = BackupNode.start("", (panel, server) -> {}, "compression_level: none\nwrite_limit: 4\n", n -> {});
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static PrometheusText metrics() {
        Http admin = new Http(node.daemon.adminPort());
        return PrometheusText.parse(
                admin.send(admin.request("/prometheus").GET()).body());
    }

    private static double gauge(String name) {
        return metrics().value(name, Map.of()).orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void aThrottledStoredBackupShowsItsProgressWhileItRuns() throws Exception {
        // 16 MiB of text gzip would shrink to almost nothing; stored (level 0) it stays 16 MiB.
        Path big = node.root().resolve("world/big.txt");
        Files.createDirectories(big.getParent());
        Files.writeString(big, "All work and no play makes Jack a dull boy.\n".repeat(16 * MIB / 44 + 1));
        long contentBytes = Files.size(big);
        String backup = UUID.randomUUID().toString();

        long began = System.nanoTime();
        assertThat(node.backup(backup, "wings", "").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        gauge("pinion_node_backups_running") == 1 && gauge("pinion_node_backup_progress_bytes") > 0);
        assertThat(node.panel.backupReport(backup))
                .as("still running when its progress was seen")
                .isNull();
        var report = node.awaitReport(backup);
        double seconds = (System.nanoTime() - began) / 1e9;

        assertThat(report.path("successful").asBoolean()).isTrue();
        long size = report.path("size").asLong();
        assertThat(size).as("stored, not compressed").isGreaterThan(contentBytes);
        assertThat(Files.size(node.archive(backup))).isEqualTo(size);
        // 4 MiB/s with one second of burst: at least 3 s for more than 16 MiB.
        assertThat(seconds).isGreaterThanOrEqualTo(3.0);
        assertThat(gauge("pinion_node_backups_running")).isZero();
        assertThat(gauge("pinion_node_backup_bytes_written")).isEqualTo((double) size);
        assertThat(gauge("pinion_node_backup_last_duration_ms")).isGreaterThanOrEqualTo(3000.0);
    }
}
