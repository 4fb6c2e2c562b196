package dev.pinion.panel;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.RecordedRequest;
import dev.pinion.testing.ServerConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each call puts on the wire: method, path, query, headers and body, as Wings sends them. */
class PanelClientRequestShapeTest {
    private FakePanel panel;
    private PanelClient client;
    private String uuid;

    @BeforeEach
    void start() {
        panel = FakePanel.start("AbCdEfGhIjKlMnOp", "secret-token-value");
        client = new PanelClients(panel).client;
        uuid = panel.addServer(ServerConfigBuilder.server());
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    private RecordedRequest only() {
        List<RecordedRequest> requests = panel.requests();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    // spec wings-to-panel-and-config.md A1 "Base URL and headers"
    @Test
    void everyCallCarriesWingsHeaders() {
        client.getServerConfiguration(uuid);

        RecordedRequest request = only();
        assertThat(request.header("Authorization")).isEqualTo("Bearer AbCdEfGhIjKlMnOp.secret-token-value");
        assertThat(request.header("Accept")).isEqualTo("application/vnd.pterodactyl.v1+json");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent"))
                .isEqualTo("Pterodactyl Wings/v" + PanelClients.VERSION + " (id:AbCdEfGhIjKlMnOp)");
    }

    // spec A1 headers, A3 page shape: the health probe is the smallest boot-list page, on the same transport
    @Test
    void probeAsksForTheSmallestPageWithWingsHeaders() {
        int status = client.probe();

        RecordedRequest request = only();
        assertThat(status).isEqualTo(200);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/remote/servers");
        assertThat(request.rawQuery()).isEqualTo("page=0&per_page=1");
        assertThat(request.header("Authorization")).isEqualTo("Bearer AbCdEfGhIjKlMnOp.secret-token-value");
        assertThat(request.header("User-Agent"))
                .isEqualTo("Pterodactyl Wings/v" + PanelClients.VERSION + " (id:AbCdEfGhIjKlMnOp)");
    }

    // A probe reports the Panel's answer once; retrying is for real calls (spec A1 retries)
    @Test
    void probeReturnsAnErrorStatusWithoutRetrying() {
        panel.failNext(3, 500);

        assertThat(client.probe()).isEqualTo(500);
        assertThat(panel.requests()).hasSize(1);
    }

    // spec A1: base = remote minus one trailing slash + /api/remote
    @Test
    void oneTrailingSlashOfRemoteIsDropped() {
        PanelClients withSlash = new PanelClients(
                panel.url() + "/", new PanelCredentials(panel.tokenId(), panel.token()), 50, RetryPolicy.WINGS);

        withSlash.client.getServerConfiguration(uuid);

        assertThat(withSlash.settings.apiBase()).isEqualTo(panel.url() + "/api/remote");
        assertThat(only().path()).isEqualTo("/api/remote/servers/" + uuid);
    }

    // spec A4
    @Test
    void getServerConfigurationIsAGetOfTheServerWithNoBody() {
        client.getServerConfiguration(uuid);

        RecordedRequest request = only();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/remote/servers/" + uuid);
        assertThat(request.rawQuery()).isNull();
        assertThat(request.body()).isEmpty();
    }

    // spec A3: first request is page=0 with per_page = boot_servers_per_page
    @Test
    void bootListAsksForPageZeroWithTheConfiguredPageSize() {
        PanelClient paged = new PanelClients(panel, 7, RetryPolicy.WINGS).client;

        paged.getServers();

        RecordedRequest request = only();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/remote/servers");
        assertThat(request.rawQuery()).isEqualTo("page=0&per_page=7");
    }

    // spec A5: "no body" calls send the JSON literal null
    @Test
    void resetServersPostsJsonNull() {
        client.resetServersState();

        RecordedRequest request = only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/remote/servers/reset");
        assertThat(request.bodyText()).isEqualTo("null");
    }

    // spec A6
    @Test
    void installScriptIsAGetOfTheServersInstallPath() {
        client.getInstallationScript(uuid);

        assertThat(only().method()).isEqualTo("GET");
        assertThat(only().path()).isEqualTo("/api/remote/servers/" + uuid + "/install");
    }

    // spec A7
    @Test
    void installStatusSendsSuccessfulAndReinstallFlags() {
        client.setInstallationStatus(uuid, new InstallStatusReport(false, true));

        RecordedRequest request = only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/remote/servers/" + uuid + "/install");
        assertThat(request.bodyText()).isEqualTo("{\"successful\":false,\"reinstall\":true}");
    }

    // spec A8
    @Test
    void transferSuccessPostsJsonNullToTheSuccessPath() {
        panel.setTransferring(uuid, true);

        client.setTransferStatus(uuid, true);

        RecordedRequest request = only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/remote/servers/" + uuid + "/transfer/success");
        assertThat(request.bodyText()).isEqualTo("null");
    }

    // spec A8
    @Test
    void transferFailurePostsJsonNullToTheFailurePath() {
        panel.setTransferring(uuid, true);

        client.setTransferStatus(uuid, false);

        assertThat(only().path()).isEqualTo("/api/remote/servers/" + uuid + "/transfer/failure");
        assertThat(only().bodyText()).isEqualTo("null");
    }

    // spec A9.1
    @Test
    void backupUploadUrlsSendTheArchiveSizeAsQuery() {
        panel.useS3Backups(true).addBackup("b7f0c0de-0000-4000-8000-000000000001", uuid);

        client.getBackupRemoteUploadUrls("b7f0c0de-0000-4000-8000-000000000001", 7_340_032_000L);

        RecordedRequest request = only();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/remote/backups/b7f0c0de-0000-4000-8000-000000000001");
        assertThat(request.rawQuery()).isEqualTo("size=7340032000");
    }

    // spec A9.2: local backups send parts null
    @Test
    void localBackupReportSendsChecksumTypeSizeAndNullParts() {
        panel.addBackup("b7f0c0de-0000-4000-8000-000000000002", uuid);

        client.setBackupStatus(
                "b7f0c0de-0000-4000-8000-000000000002",
                BackupStatusReport.localSuccess("5d41402abc4b2a76b9719d911017c592a1b2c3d4", 734003200L));

        RecordedRequest request = only();
        assertThat(request.path()).isEqualTo("/api/remote/backups/b7f0c0de-0000-4000-8000-000000000002");
        assertThat(request.bodyText())
                .isEqualTo("{\"checksum\":\"5d41402abc4b2a76b9719d911017c592a1b2c3d4\","
                        + "\"checksum_type\":\"sha1\",\"size\":734003200,\"successful\":true,\"parts\":null}");
    }

    // spec A9.2: failures send empty strings, size 0, parts null
    @Test
    void failedBackupReportIsExactlyWingsFailureBody() {
        panel.addBackup("b7f0c0de-0000-4000-8000-000000000003", uuid);

        client.setBackupStatus("b7f0c0de-0000-4000-8000-000000000003", BackupStatusReport.failure());

        assertThat(only().bodyText())
                .isEqualTo("{\"checksum\":\"\",\"checksum_type\":\"\",\"size\":0,\"successful\":false,\"parts\":null}");
    }

    // spec A9.2: S3 parts keep the ETag verbatim, quotes included
    @Test
    void s3BackupReportListsPartsWithQuotedEtags() {
        panel.addBackup("b7f0c0de-0000-4000-8000-000000000004", uuid);

        client.setBackupStatus(
                "b7f0c0de-0000-4000-8000-000000000004",
                BackupStatusReport.s3Success(
                        "abc",
                        10,
                        List.of(new BackupStatusReport.BackupPart("\"9b2cf535f27731c974343645a3985328\"", 1))));

        JsonNode parts = only().json().get("parts");
        assertThat(parts.get(0).get("etag").asText()).isEqualTo("\"9b2cf535f27731c974343645a3985328\"");
        assertThat(parts.get(0).get("part_number").asInt()).isEqualTo(1);
    }

    // spec A9.3
    @Test
    void restoreStatusPostsSuccessful() {
        panel.addBackup("b7f0c0de-0000-4000-8000-000000000005", uuid);

        client.sendRestorationStatus("b7f0c0de-0000-4000-8000-000000000005", false);

        assertThat(only().path()).isEqualTo("/api/remote/backups/b7f0c0de-0000-4000-8000-000000000005/restore");
        assertThat(only().bodyText()).isEqualTo("{\"successful\":false}");
    }

    // spec A10: session id and client version are bytes, hence base64
    @Test
    void sftpAuthSendsTypeCredentialsIpAndBase64Bytes() {
        panel.addUser("alice", "hunter2");
        panel.setOwner(uuid, "alice");
        byte[] session = {1, 2, 3, (byte) 0xff};
        byte[] version = "SSH-2.0-OpenSSH_9.6".getBytes(StandardCharsets.US_ASCII);

        client.validateSftpCredentials(SftpAuthRequest.password(
                "alice." + uuid.substring(0, 8), "hunter2", "203.0.113.7:51234", session, version));

        JsonNode body = only().json();
        assertThat(only().path()).isEqualTo("/api/remote/sftp/auth");
        assertThat(body.get("type").asText()).isEqualTo("password");
        assertThat(body.get("username").asText()).isEqualTo("alice." + uuid.substring(0, 8));
        assertThat(body.get("password").asText()).isEqualTo("hunter2");
        assertThat(body.get("ip").asText()).isEqualTo("203.0.113.7:51234");
        assertThat(body.get("session_id").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(session));
        assertThat(body.get("client_version").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(version));
    }

    // spec A11
    @Test
    void activityPostsDataWithNullUserObjectMetadataAndZuluTimestamp() {
        client.sendActivity(List.of(new ActivityEvent(
                null,
                uuid,
                "server:sftp.delete",
                JsonNodeFactory.instance
                        .objectNode()
                        .set("files", JsonNodeFactory.instance.arrayNode().add("/a.txt")),
                "203.0.113.7",
                Instant.parse("2024-03-17T14:59:02.500Z"))));

        JsonNode entry = only().json().get("data").get(0);
        assertThat(only().path()).isEqualTo("/api/remote/activity");
        assertThat(entry.get("user").isNull()).isTrue();
        assertThat(entry.get("server").asText()).isEqualTo(uuid);
        assertThat(entry.get("event").asText()).isEqualTo("server:sftp.delete");
        assertThat(entry.get("metadata").get("files").get(0).asText()).isEqualTo("/a.txt");
        assertThat(entry.get("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(entry.get("timestamp").asText()).isEqualTo("2024-03-17T14:59:02.500Z");
        assertThat(panel.activity()).hasSize(1);
    }

    // spec A11: metadata is always an object ({} when none)
    @Test
    void activityWithoutMetadataSendsAnEmptyObject() {
        client.sendActivity(List.of(new ActivityEvent(
                "3f1e0000-0000-4000-8000-000000000000",
                uuid,
                "server:power.start",
                null,
                "127.0.0.1",
                Instant.parse("2024-03-17T14:58:30Z"))));

        assertThat(only().json().get("data").get(0).get("metadata").toString()).isEqualTo("{}");
    }

    @Test
    void pathSegmentsAreEncodedSoAnIdCannotChangeTheRoute() {
        try {
            client.getServerConfiguration("../reset");
        } catch (PanelException expected) {
            // the fake Panel knows no server by that name
        }
        panel.awaitRequest(call("GET", "/servers/%2E%2E%2Freset"), Duration.ofSeconds(5));
    }
}
