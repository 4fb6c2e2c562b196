package dev.pinion.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.server.ServerEvent;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.Http;
import dev.pinion.testing.RecordedRequest;
import dev.pinion.testing.S3Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3 backups and restores against a real S3-compatible server (S3Proxy, filesystem store) with the fake
 * Panel presigning and completing multipart uploads as the Panel does (spec files-backups-transfers.md
 * §5.3, §5.4, §5.5; wings-to-panel-and-config.md A9.1, A9.2). Parts are 5 MiB, S3's minimum.
 */
class S3BackupTest {
    private static final long PART = 5L * 1024 * 1024;
    private static S3Proxy s3;
    private static BackupNode node;
    private static byte[] world;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Proxy.start();
        node = BackupNode.start(
                "",
                (panel, server) -> panel.useS3(s3).setBackupPartSize(PART),
                "restore_host_allowlist: [\"127.0.0.1\"]\n",
                n -> {});
        world = new byte[12 * 1024 * 1024];
        new Random(42).nextBytes(world);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void tree() throws Exception {
        try (var entries = Files.list(node.root())) {
            for (Path entry : entries.toList()) {
                if (Files.isDirectory(entry)) {
                    try (var inner = Files.walk(entry)) {
                        inner.sorted(Comparator.reverseOrder())
                                .forEach(p -> p.toFile().delete());
                    }
                } else {
                    Files.delete(entry);
                }
            }
        }
        Files.createDirectories(node.root().resolve("world"));
        Files.write(node.root().resolve("world/region.bin"), world);
        Files.writeString(node.root().resolve("server.properties"), "motd=s3\n".repeat(1000));
        node.panel.clearFaults().clearRequests();
    }

    @AfterEach
    void nothingStagedIsLeft() throws Exception {
        try (var files = Files.list(node.backups())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("backup directory")
                    .isEmpty();
        }
    }

    private static Predicate<RecordedRequest> partPut(int number) {
        return r -> r.method().equals("PUT")
                && r.path().startsWith("/s3-relay/")
                && String.valueOf(number).equals(r.query("partNumber"));
    }

    @Test
    void partsStreamToS3AndOnlyTheUsedOnesAreReported() {
        String backup = UUID.randomUUID().toString();
        assertThat(node.backup(backup, "s3", "").statusCode()).isEqualTo(202);
        JsonNode report = node.awaitReport(backup);

        assertThat(report.path("successful").asBoolean()).as(report.toString()).isTrue();
        byte[] object = s3.object(node.panel.s3Key(backup)).orElseThrow();
        assertThat(report.path("checksum").asText()).isEqualTo(BackupNode.sha1(object));
        assertThat(report.path("size").asLong()).isEqualTo(object.length);
        long expectedParts = (object.length + PART - 1) / PART;
        assertThat(report.path("parts")).hasSize((int) expectedParts);
        for (int i = 0; i < expectedParts; i++) {
            assertThat(report.path("parts").get(i).path("part_number").asInt()).isEqualTo(i + 1);
            assertThat(report.path("parts").get(i).path("etag").asText())
                    .startsWith("\"")
                    .endsWith("\"");
        }
        // The Panel was asked for an upper bound: more URLs than parts used.
        RecordedRequest ask =
                node.panel.requests(FakePanel.call("GET", "/backups/" + backup)).get(0);
        assertThat(Long.parseLong(ask.query("size"))).isGreaterThan(object.length);
        Map<String, byte[]> entries = BackupNode.entries(object);
        assertThat(entries.get("world/region.bin")).isEqualTo(world);
    }

    @Test
    void aPartAnswered500IsSentAgainWholeAndTheBackupSucceeds() {
        node.panel.failNext(partPut(2), 1, 500);
        String backup = UUID.randomUUID().toString();
        node.backup(backup, "s3", "");
        JsonNode report = node.awaitReport(backup);

        assertThat(report.path("successful").asBoolean()).isTrue();
        assertThat(node.panel.requests(partPut(2))).hasSize(2);
        // Both attempts carried the same, whole part: the retry re-read it from its offset.
        var attempts = node.panel.requests(partPut(2));
        assertThat(attempts.get(1).body())
                .hasSize((int) PART)
                .isEqualTo(attempts.get(0).body());
        byte[] object = s3.object(node.panel.s3Key(backup)).orElseThrow();
        assertThat(BackupNode.entries(object).get("world/region.bin")).isEqualTo(world);
        assertThat(report.path("checksum").asText()).isEqualTo(BackupNode.sha1(object));
    }

    @Test
    void aPartS3RefusesWith403FailsTheBackupAndThePanelAbortsTheUpload() {
        // An expired presigned URL: S3's own answer, injected on the way to S3Proxy.
        node.panel.failNext(
                partPut(1),
                1,
                403,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
        String backup = UUID.randomUUID().toString();
        node.backup(backup, "s3", "");
        JsonNode report = node.awaitReport(backup);

        assertThat(report.path("successful").asBoolean()).isFalse();
        assertThat(report.path("checksum").asText()).isEmpty();
        assertThat(report.path("size").asLong()).isZero();
        // 4xx is final: the part was tried once, and nothing after it.
        assertThat(node.panel.requests(partPut(1))).hasSize(1);
        assertThat(node.panel.requests(partPut(2))).isEmpty();
        assertThat(s3.object(node.panel.s3Key(backup))).isEmpty();
    }

    @Test
    void restoreStreamsFromThePresignedLinkWithTruncate() throws Exception {
        String backup = UUID.randomUUID().toString();
        node.backup(backup, "s3", "");
        assertThat(node.awaitReport(backup).path("successful").asBoolean()).isTrue();
        Files.writeString(node.root().resolve("server.properties"), "changed");
        Files.writeString(node.root().resolve("later.txt"), "later");
        node.events.clear();

        var response = node.restore(backup, "s3", true, s3.presignGet(node.panel.s3Key(backup)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        node.awaitRestoreReport(backup);

        assertThat(node.panel.restoreReport(backup)).isTrue();
        assertThat(Files.readAllBytes(node.root().resolve("world/region.bin"))).isEqualTo(world);
        assertThat(Files.readString(node.root().resolve("server.properties"))).isEqualTo("motd=s3\n".repeat(1000));
        assertThat(node.root().resolve("later.txt")).doesNotExist();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !node.data(ServerEvent.BACKUP_RESTORE_COMPLETED).isEmpty());
        assertThat(node.data(ServerEvent.DAEMON_MESSAGE)).contains("Completed server restoration from S3 backup.");
    }

    @Test
    void restoreWithoutTruncateKeepsOtherFiles() throws Exception {
        String backup = UUID.randomUUID().toString();
        node.backup(backup, "s3", "");
        node.awaitReport(backup);
        Files.writeString(node.root().resolve("later.txt"), "later");
        Files.delete(node.root().resolve("world/region.bin"));

        assertThat(node.restore(backup, "s3", false, s3.presignGet(node.panel.s3Key(backup)))
                        .statusCode())
                .isEqualTo(202);
        node.awaitRestoreReport(backup);

        assertThat(Files.readAllBytes(node.root().resolve("world/region.bin"))).isEqualTo(world);
        assertThat(Files.readString(node.root().resolve("later.txt"))).isEqualTo("later");
    }

    @Test
    void aLinkThatIsNotGzipIs400AndNothingChanges() throws Exception {
        node.panel.servePage("/not-a-backup", "text/html", "<html></html>");
        Files.writeString(node.root().resolve("later.txt"), "later");
        var response = node.restore(UUID.randomUUID().toString(), "s3", true, node.panel.url() + "/not-a-backup");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo(
                        "The provided backup link is not a supported content type. \"text/html\" is not application/x-gzip.");
        assertThat(node.root().resolve("later.txt")).exists();
    }
}
