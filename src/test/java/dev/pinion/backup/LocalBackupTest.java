package dev.pinion.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.server.ServerEvent;
import dev.pinion.testing.Http;
import dev.pinion.testing.PanelTokens;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Local ({@code wings}) backups end to end against a running daemon, the fake Panel and a real disk
 * (spec files-backups-transfers.md §5.1–5.3, §5.5–5.7, §4.3, §4.5; seed 004).
 */
class LocalBackupTest {
    private static final String OTHER_CLIENT = "203.0.113.77";
    private static BackupNode node;
    private static Path outside;

    @BeforeAll
    static void start() throws Exception {
        node = BackupNode.start("api:\n  host: 127.0.0.1\n  port: 0\n  trusted_proxies: [\"127.0.0.1\"]\n");
        outside = Files.createDirectories(node.daemon.node().root().resolve("outside"));
        Files.writeString(outside.resolve("host-secret.txt"), "host secret");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String newBackup() {
        return UUID.randomUUID().toString();
    }

    /** Empties the root and writes the same small tree (tests share one server). */
    private static void writeTree(Path root) throws Exception {
        try (var entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                deleteTree(entry);
            }
        }
        Files.createDirectories(root.resolve("world/region"));
        Files.createDirectories(root.resolve("logs"));
        Files.createDirectories(root.resolve("cache/keep"));
        Files.writeString(root.resolve("server.properties"), "motd=hello\n");
        Files.write(root.resolve("world/region/r.0.0.mca"), randomBytes(200_000, 1));
        Files.writeString(root.resolve("logs/latest.log"), "log line\n".repeat(1000));
        Files.writeString(root.resolve("cache/a.tmp"), "cached");
        Files.writeString(root.resolve("cache/keep/b.tmp"), "kept by negation");
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isSymbolicLink(path) || !Files.isDirectory(path)) {
            Files.deleteIfExists(path);
            return;
        }
        try (var children = Files.list(path)) {
            for (Path child : children.toList()) {
                deleteTree(child);
            }
        }
        Files.delete(path);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** spec §5.1 (ignore), §5.2 (archive, checksum), §5.3 (callback body), §2.1 (regular files only). */
    @Nested
    class Create {
        @Test
        void theCallbackCarriesTheSha1AndSizeOfTheStoredArchiveInThePanelsShape() throws Exception {
            writeTree(node.root());
            String backup = newBackup();
            assertThat(node.backup(backup, "wings", "").statusCode()).isEqualTo(202);

            JsonNode report = node.awaitReport(backup);
            byte[] stored = Files.readAllBytes(node.archive(backup));
            assertThat(report.path("successful").asBoolean()).isTrue();
            assertThat(report.path("checksum_type").asText()).isEqualTo("sha1");
            assertThat(report.path("checksum").asText())
                    .isEqualTo(BackupNode.sha1(stored))
                    .hasSize(40);
            assertThat(report.path("size").asLong()).isEqualTo(stored.length);
            assertThat(report.has("parts")).isTrue();
            assertThat(report.path("parts").isNull()).isTrue();
            // The Panel accepted it (204): a second report would now be refused as already completed.
            assertThat(node.panel.backupReport(backup)).isNotNull();
            assertThat(Files.getPosixFilePermissions(node.archive(backup)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }

        @Test
        void theArchiveHoldsEveryRegularFileByRelativeNameAndNoDirectories() throws Exception {
            writeTree(node.root());
            String backup = newBackup();
            node.backup(backup, "wings", "");
            node.awaitReport(backup);

            Map<String, byte[]> entries = BackupNode.entries(node.archive(backup));
            assertThat(entries).containsKeys("server.properties", "world/region/r.0.0.mca", "logs/latest.log");
            assertThat(entries.get("world/region/r.0.0.mca")).isEqualTo(randomBytes(200_000, 1));
            assertThat(entries.keySet()).noneMatch(name -> name.startsWith("/") || name.contains(".."));
        }

        @Test
        void symlinksAreNeverFollowedOutOfTheRoot() throws Exception {
            writeTree(node.root());
            Files.deleteIfExists(node.root().resolve("escape"));
            Files.deleteIfExists(node.root().resolve("escape-dir"));
            Files.createSymbolicLink(node.root().resolve("escape"), outside.resolve("host-secret.txt"));
            Files.createSymbolicLink(node.root().resolve("escape-dir"), outside);
            String backup = newBackup();
            node.backup(backup, "wings", "");
            node.awaitReport(backup);

            Map<String, byte[]> entries = BackupNode.entries(node.archive(backup));
            assertThat(entries.keySet()).noneMatch(name -> name.startsWith("escape"));
            assertThat(entries.values()).noneMatch(content -> new String(content).contains("host secret"));
        }

        @Test
        void thePteroignoreFileAppliesWhenThePanelSendsNoIgnoreText() throws Exception {
            writeTree(node.root());
            Files.writeString(node.root().resolve(".pteroignore"), "# comment\n*.log\ncache/\n!cache/keep/b.tmp\n");
            try {
                String backup = newBackup();
                node.backup(backup, "wings", "");
                node.awaitReport(backup);

                Map<String, byte[]> entries = BackupNode.entries(node.archive(backup));
                assertThat(entries).doesNotContainKeys("logs/latest.log", "cache/a.tmp");
                // Wings tests every file on its own, so a negation re-includes a file under an ignored directory.
                assertThat(entries).containsKeys("cache/keep/b.tmp", "server.properties", ".pteroignore");
            } finally {
                Files.delete(node.root().resolve(".pteroignore"));
            }
        }

        @Test
        void thePanelsIgnoreTextWinsOverThePteroignoreFile() throws Exception {
            writeTree(node.root());
            Files.writeString(node.root().resolve(".pteroignore"), "*.properties\n");
            try {
                String backup = newBackup();
                node.backup(backup, "wings", "world/\n/logs");
                node.awaitReport(backup);

                Map<String, byte[]> entries = BackupNode.entries(node.archive(backup));
                assertThat(entries).doesNotContainKeys("world/region/r.0.0.mca", "logs/latest.log");
                assertThat(entries).containsKeys("server.properties", "cache/a.tmp");
            } finally {
                Files.delete(node.root().resolve(".pteroignore"));
            }
        }

        @Test
        void theConsoleHearsBackupCompletedWithTheResult() throws Exception {
            writeTree(node.root());
            String backup = newBackup();
            node.backup(backup, "wings", "");
            JsonNode report = node.awaitReport(backup);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !node.data(ServerEvent.BACKUP_COMPLETED + ":" + backup)
                            .isEmpty());
            JsonNode event = new ObjectMapper()
                    .readTree(node.data(ServerEvent.BACKUP_COMPLETED + ":" + backup)
                            .get(0));
            assertThat(event.path("checksum").asText())
                    .isEqualTo(report.path("checksum").asText());
            assertThat(event.path("file_size").asLong())
                    .isEqualTo(report.path("size").asLong());
            assertThat(event.path("is_successful").asBoolean()).isTrue();
            assertThat(event.path("uuid").asText()).isEqualTo(backup);
            assertThat(node.data(ServerEvent.BACKUP_COMPLETED + ":" + backup).get(0))
                    .startsWith("{\"checksum\":")
                    .contains("\"checksum_type\":\"sha1\",\"file_size\":");
        }

        @Test
        void nothingIsLeftUnderATemporaryName() throws Exception {
            writeTree(node.root());
            String backup = newBackup();
            node.backup(backup, "wings", "");
            node.awaitReport(backup);
            try (var files = Files.list(node.backups())) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".pinion-"));
            }
        }
    }

    /** Bad input gets a clear error and changes nothing (issue #11 "Bad input"). */
    @Nested
    class BadInput {
        @Test
        void aNonUuidBackupIdIs400AndNoFileIsWritten() throws Exception {
            for (String id : new String[] {"../../etc/x", "ABCDEF00-0000-4000-8000-000000000000", "x"}) {
                var response = node.daemon
                        .http()
                        .postJson(
                                "/api/servers/" + node.server + "/backup",
                                "{\"adapter\":\"wings\",\"uuid\":" + BackupNode.json(id) + ",\"ignore\":\"\"}");
                assertThat(response.statusCode()).as(id).isEqualTo(400);
            }
            assertThat(node.daemon.node().root().resolve("lib/etc")).doesNotExist();
        }

        @Test
        void anUnknownAdapterIsAValidationError() {
            var response = node.daemon
                    .http()
                    .postJson(
                            "/api/servers/" + node.server + "/backup",
                            "{\"adapter\":\"ftp\",\"uuid\":\"" + newBackup() + "\",\"ignore\":\"\"}");
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(Http.json(response).path("error").asText())
                    .isEqualTo("The data provided in the request could not be validated.");
        }

        @Test
        void anUnknownServerIsWingsNotFound() {
            var response = node.daemon
                    .http()
                    .postJson(
                            "/api/servers/" + UUID.randomUUID() + "/backup",
                            "{\"adapter\":\"wings\",\"uuid\":\"" + newBackup() + "\",\"ignore\":\"\"}");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Http.json(response).path("error").asText())
                    .isEqualTo("The requested resource does not exist on this instance.");
        }

        /** Decision (README): a second backup of a server while one runs is refused with 409, not queued. */
        @Test
        void aSecondBackupOfTheSameServerWhileOneRunsIs409() throws Exception {
            // write_limit cannot be changed live here, so the first backup is made slow by its size.
            Files.write(node.root().resolve("big.bin"), randomBytes(64 * 1024 * 1024, 7));
            try {
                String first = newBackup();
                assertThat(node.backup(first, "wings", "").statusCode()).isEqualTo(202);
                var second = node.backup(newBackup(), "wings", "");
                assertThat(second.statusCode()).isEqualTo(409);
                assertThat(Http.json(second).path("error").asText()).contains("in progress");
                assertThat(node.awaitReport(first).path("successful").asBoolean())
                        .isTrue();
            } finally {
                Files.delete(node.root().resolve("big.bin"));
            }
        }
    }

    /** GET and HEAD /download/backup (spec §4.3, §4.5, seed 004, README decision on one-time tokens). */
    @Nested
    class Download {
        private String backup;
        private byte[] stored;

        @BeforeEach
        void makeBackup() throws Exception {
            writeTree(node.root());
            backup = newBackup();
            node.backup(backup, "wings", "");
            node.awaitReport(backup);
            stored = Files.readAllBytes(node.archive(backup));
        }

        private HttpResponse<byte[]> send(String method, String token, String range, String forwardedFor)
                throws Exception {
            HttpRequest.Builder request = node.daemon
                    .http()
                    .request("/download/backup?token=" + token)
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (range != null) {
                request.header("Range", range);
            }
            if (forwardedFor != null) {
                request.header("X-Forwarded-For", forwardedFor);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        @Test
        void aGetStreamsTheArchiveWithGoQuotedDisposition() throws Exception {
            HttpResponse<byte[]> response =
                    send("GET", PanelTokens.backupDownload(node.server, backup).sign(), null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(stored);
            assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(stored.length));
            assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(response.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"" + backup + ".tar.gz\"");
        }

        @Test
        void headRangeAnd416BehaveAsForFiles() throws Exception {
            String token = PanelTokens.backupDownload(node.server, backup).sign();
            HttpResponse<byte[]> head = send("HEAD", token, null, OTHER_CLIENT);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(stored.length));

            HttpResponse<byte[]> first = send("GET", token, "bytes=0-99", null);
            assertThat(first.statusCode()).isEqualTo(206);
            assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + stored.length);
            assertThat(first.body()).isEqualTo(Arrays.copyOfRange(stored, 0, 100));
            HttpResponse<byte[]> resumed = send("GET", token, "bytes=100-", null);
            assertThat(resumed.statusCode()).isEqualTo(206);
            assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(stored, 100, stored.length));

            HttpResponse<byte[]> beyond = send("GET", token, "bytes=" + stored.length + "-", null);
            assertThat(beyond.statusCode()).isEqualTo(416);
            assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + stored.length);
        }

        @Test
        void aTokenUsedByOneClientIsRefusedToAnother() throws Exception {
            String token = PanelTokens.backupDownload(node.server, backup).sign();
            assertThat(send("GET", token, null, null).statusCode()).isEqualTo(200);
            assertThat(send("GET", token, null, OTHER_CLIENT).statusCode()).isEqualTo(404);
            assertThat(send("HEAD", token, null, OTHER_CLIENT).statusCode()).isEqualTo(404);
            assertThat(send("GET", token, "bytes=1-", null).statusCode()).isEqualTo(206);
        }

        @Test
        void aFileDownloadTokenIsRefusedHere() throws Exception {
            String token =
                    PanelTokens.fileDownload(node.server, "/server.properties").sign();
            assertThat(send("GET", token, null, null).statusCode()).isEqualTo(403);
        }

        @Test
        void aMissingBackupIs404WithWingsMessageAndABadIdIs400() throws Exception {
            HttpResponse<byte[]> missing = send(
                    "GET", PanelTokens.backupDownload(node.server, newBackup()).sign(), null, null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(new String(missing.body())).contains("The requested backup was not found on this server.");
            assertThat(send(
                                    "GET",
                                    PanelTokens.backupDownload(node.server, "../" + backup)
                                            .sign(),
                                    null,
                                    null)
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    /** DELETE backup (spec §5.6): 204, then 404, which the Panel treats as success. */
    @Test
    void deleteRemovesTheArchiveThenAnswers404() throws Exception {
        writeTree(node.root());
        String backup = newBackup();
        node.backup(backup, "wings", "");
        node.awaitReport(backup);
        String path = "/api/servers/" + node.server + "/backup/" + backup;
        assertThat(node.daemon
                        .http()
                        .send(node.daemon.http().authorized(path).DELETE())
                        .statusCode())
                .isEqualTo(204);
        assertThat(node.archive(backup)).doesNotExist();
        var again = node.daemon.http().send(node.daemon.http().authorized(path).DELETE());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(Http.json(again).path("error").asText())
                .isEqualTo("The requested backup was not found on this server.");
        assertThat(node.daemon
                        .http()
                        .send(node.daemon
                                .http()
                                .authorized("/api/servers/" + node.server + "/backup/x")
                                .DELETE())
                        .statusCode())
                .isEqualTo(400);
    }

    /** Restore from a local archive (spec §5.5). */
    @Nested
    class Restore {
        @Test
        void withTruncateTheRootBecomesExactlyTheBackup() throws Exception {
            writeTree(node.root());
            String backup = newBackup();
            node.backup(backup, "wings", "");
            node.awaitReport(backup);
            Files.writeString(node.root().resolve("server.properties"), "motd=changed\n");
            Files.writeString(node.root().resolve("added-later.txt"), "new");
            node.panel.clearRequests();
            node.events.clear();

            assertThat(node.restore(backup, "wings", true, "").statusCode()).isEqualTo(202);
            node.awaitRestoreReport(backup);

            assertThat(node.panel.restoreReport(backup)).isTrue();
            assertThat(Files.readString(node.root().resolve("server.properties")))
                    .isEqualTo("motd=hello\n");
            assertThat(Files.readAllBytes(node.root().resolve("world/region/r.0.0.mca")))
                    .isEqualTo(randomBytes(200_000, 1));
            assertThat(node.root().resolve("added-later.txt")).doesNotExist();
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            !node.data(ServerEvent.BACKUP_RESTORE_COMPLETED).isEmpty());
            assertThat(node.data(ServerEvent.DAEMON_MESSAGE))
                    .contains("(restoring): server.properties", "Completed server restoration from local backup.");
            assertThat(node.daemon
                            .servers()
                            .get(node.server)
                            .orElseThrow()
                            .server()
                            .restoring()
                            .get())
                    .isFalse();
        }

        @Test
        void withoutTruncateOtherFilesStay() throws Exception {
            writeTree(node.root());
            String backup = newBackup();
            node.backup(backup, "wings", "");
            node.awaitReport(backup);
            Files.writeString(node.root().resolve("server.properties"), "motd=changed\n");
            Files.writeString(node.root().resolve("added-later.txt"), "new");
            node.panel.clearRequests();

            assertThat(node.restore(backup, "wings", false, "").statusCode()).isEqualTo(202);
            node.awaitRestoreReport(backup);

            assertThat(Files.readString(node.root().resolve("server.properties")))
                    .isEqualTo("motd=hello\n");
            assertThat(Files.readString(node.root().resolve("added-later.txt"))).isEqualTo("new");
        }

        @Test
        void aMissingLocalBackupIs404AndNothingChanges() throws Exception {
            writeTree(node.root());
            Files.writeString(node.root().resolve("added-later.txt"), "new");
            var response = node.restore(newBackup(), "wings", true, "");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(node.root().resolve("added-later.txt")).exists();
        }

        @Test
        void s3WithoutADownloadUrlIs400AndAnUnknownAdapter400() {
            var s3 = node.restore(newBackup(), "s3", true, "");
            assertThat(s3.statusCode()).isEqualTo(400);
            assertThat(Http.json(s3).path("error").asText())
                    .isEqualTo("The download_url field is required when the backup adapter is set to S3.");
            assertThat(node.restore(newBackup(), "ftp", true, "").statusCode()).isEqualTo(400);
        }
    }
}
