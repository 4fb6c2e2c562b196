package dev.pinion.testing;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake Panel answers as the Panel does (spec wings-to-panel-and-config.md A1–A11), over raw HTTP. */
class FakePanelTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakePanel panel;

    @BeforeEach
    void start() {
        panel = FakePanel.start("NodeTokenId00001", "node-secret");
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(panel.url() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authed(String method, String path, String body)
            throws IOException, InterruptedException {
        return send(method, path, "Bearer NodeTokenId00001.node-secret", body);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return MAPPER.readTree(response.body());
    }

    private static JsonNode firstError(HttpResponse<String> response) throws IOException {
        return json(response).get("errors").get(0);
    }

    // spec A1 "Panel-side authentication of node calls"
    @Test
    void noBearerTokenIs401WithWwwAuthenticate() throws Exception {
        HttpResponse<String> response = send("GET", "/api/remote/servers", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(firstError(response).get("code").asText()).isEqualTo("HttpException");
        assertThat(firstError(response).get("status").asText()).isEqualTo("401");
        assertThat(firstError(response).get("detail").asText())
                .isEqualTo("Access to this endpoint must include an Authorization header.");
    }

    @Test
    void tokenWithoutTwoPartsIs400() throws Exception {
        HttpResponse<String> response = send("GET", "/api/remote/servers", "Bearer node-secret", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(firstError(response).get("code").asText()).isEqualTo("BadRequestHttpException");
        assertThat(firstError(response).get("detail").asText())
                .isEqualTo("The Authorization header provided was not in a valid format.");
    }

    @Test
    void wrongSecretIs403() throws Exception {
        HttpResponse<String> response = send("GET", "/api/remote/servers", "Bearer NodeTokenId00001.other", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(firstError(response).get("code").asText()).isEqualTo("AccessDeniedHttpException");
        assertThat(firstError(response).get("detail").asText())
                .isEqualTo("You are not authorized to access this resource.");
    }

    // spec A3: the Laravel paginator shape
    @Test
    void serverListIsALaravelPaginator() throws Exception {
        for (int i = 0; i < 3; i++) {
            panel.addServer(ServerConfigBuilder.server());
        }

        JsonNode body = json(authed("GET", "/api/remote/servers?page=2&per_page=2", null));

        assertThat(body.get("data")).hasSize(1);
        assertThat(body.get("data").get(0).has("settings")).isTrue();
        JsonNode meta = body.get("meta");
        assertThat(meta.get("current_page").asInt()).isEqualTo(2);
        assertThat(meta.get("last_page").asInt()).isEqualTo(2);
        assertThat(meta.get("per_page").isInt()).isTrue();
        assertThat(meta.get("from").asInt()).isEqualTo(3);
        assertThat(meta.get("to").asInt()).isEqualTo(3);
        assertThat(meta.get("total").asInt()).isEqualTo(3);
        assertThat(meta.get("path").asText()).isEqualTo(panel.url() + "/api/remote/servers");
        assertThat(meta.get("links").get(0).get("label").asText()).isEqualTo("&laquo; Previous");
        assertThat(body.get("links").get("next").isNull()).isTrue();
        assertThat(body.get("links").get("prev").asText()).isEqualTo(panel.url() + "/api/remote/servers?page=1");
    }

    // spec A3: page 0 is treated as page 1; an empty node has last_page 1 and null from/to
    @Test
    void emptyNodeListsNoServersWithNullFromAndTo() throws Exception {
        JsonNode meta = json(authed("GET", "/api/remote/servers?page=0&per_page=50", null))
                .get("meta");

        assertThat(meta.get("current_page").asInt()).isEqualTo(1);
        assertThat(meta.get("last_page").asInt()).isEqualTo(1);
        assertThat(meta.get("from").isNull()).isTrue();
        assertThat(meta.get("to").isNull()).isTrue();
    }

    // spec A4: unknown server → 404 RecordNotFoundException with empty detail; uuidShort also finds a server
    @Test
    void serversAreFoundByUuidOrShortUuidAndUnknownOnesAre404() throws Exception {
        String uuid = panel.addServer(ServerConfigBuilder.server());

        assertThat(authed("GET", "/api/remote/servers/" + uuid.substring(0, 8), null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> missing = authed("GET", "/api/remote/servers/00000000-0000-4000-8000-000000000000", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body())
                .isEqualTo("{\"errors\":[{\"code\":\"RecordNotFoundException\",\"status\":\"404\",\"detail\":\"\"}]}");
    }

    // spec A7: validation and status changes
    @Test
    void installReportValidatesAndSetsTheStatus() throws Exception {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.setServerStatus(uuid, "installing");

        HttpResponse<String> invalid =
                authed("POST", "/api/remote/servers/" + uuid + "/install", "{\"successful\":\"yes\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(firstError(invalid).get("meta").get("source_field").asText()).isEqualTo("successful");
        assertThat(firstError(invalid).get("meta").get("rule").asText()).isEqualTo("boolean");

        assertThat(authed(
                                "POST",
                                "/api/remote/servers/" + uuid + "/install",
                                "{\"successful\":false,\"reinstall\":true}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(panel.serverStatus(uuid)).isEqualTo("reinstall_failed");
    }

    // spec A5
    @Test
    void resetClearsInstallingAndRestoringStates() throws Exception {
        String installing = panel.addServer(ServerConfigBuilder.server());
        String suspended = panel.addServer(ServerConfigBuilder.server());
        panel.setServerStatus(installing, "installing").setServerStatus(suspended, "suspended");

        assertThat(authed("POST", "/api/remote/servers/reset", "null").statusCode())
                .isEqualTo(204);

        assertThat(panel.serverStatus(installing)).isNull();
        assertThat(panel.serverStatus(suspended)).isEqualTo("suspended");
    }

    // spec A8
    @Test
    void transferSuccessWithoutATransferIs409() throws Exception {
        String uuid = panel.addServer(ServerConfigBuilder.server());

        HttpResponse<String> response = authed("POST", "/api/remote/servers/" + uuid + "/transfer/success", "null");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(firstError(response).get("detail").asText()).isEqualTo("Server is not being transferred.");
    }

    @Test
    void transferSuccessMovesTheServerHere() throws Exception {
        String uuid = panel.addServerOnOtherNode(ServerConfigBuilder.server());
        panel.setTransferring(uuid, true);

        assertThat(authed("POST", "/api/remote/servers/" + uuid + "/transfer/success", "null")
                        .statusCode())
                .isEqualTo(204);

        assertThat(panel.isTransferring(uuid)).isFalse();
        assertThat(panel.isOnThisNode(uuid)).isTrue();
    }

    // spec A9.1 + A9.2: the whole S3 flow against the fake, including part PUTs with quoted ETags
    @Test
    void s3BackupFlowStoresPartsAndTheReport() throws Exception {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        String backup = "b7f0c0de-0000-4000-8000-0000000000ff";
        panel.useS3Backups(true).setBackupPartSize(4).addBackup(backup, uuid);

        JsonNode urls = json(authed("GET", "/api/remote/backups/" + backup + "?size=6", null));
        HttpResponse<String> put1 = http.send(
                HttpRequest.newBuilder(URI.create(urls.get("parts").get(0).asText()))
                        .PUT(HttpRequest.BodyPublishers.ofString("abcd"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        http.send(
                HttpRequest.newBuilder(URI.create(urls.get("parts").get(1).asText()))
                        .PUT(HttpRequest.BodyPublishers.ofString("ef"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String report =
                "{\"checksum\":\"x\",\"checksum_type\":\"sha1\",\"size\":6,\"successful\":true,\"parts\":[{\"etag\":"
                        + MAPPER.writeValueAsString(
                                put1.headers().firstValue("ETag").orElseThrow()) + ",\"part_number\":1}]}";

        assertThat(authed("POST", "/api/remote/backups/" + backup, report).statusCode())
                .isEqualTo(204);
        assertThat(put1.headers().firstValue("ETag").orElseThrow())
                .startsWith("\"")
                .endsWith("\"");
        assertThat(new String(panel.s3UploadedBytes(backup))).isEqualTo("abcdef");
        assertThat(panel.backupReport(backup).get("size").asLong()).isEqualTo(6);
        HttpResponse<String> again = authed("POST", "/api/remote/backups/" + backup, report);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(firstError(again).get("detail").asText())
                .isEqualTo("Cannot update the status of a backup that is already marked as completed.");
    }

    // spec A9.1 errors
    @Test
    void backupUrlsNeedASizeAndAnS3Adapter() throws Exception {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.addBackup("b7f0c0de-0000-4000-8000-0000000000fe", uuid);

        assertThat(firstError(authed("GET", "/api/remote/backups/b7f0c0de-0000-4000-8000-0000000000fe", null))
                        .get("detail")
                        .asText())
                .isEqualTo("A non-empty \"size\" query parameter must be provided.");
        assertThat(firstError(authed("GET", "/api/remote/backups/b7f0c0de-0000-4000-8000-0000000000fe?size=5", null))
                        .get("detail")
                        .asText())
                .isEqualTo("The configured backup adapter is not an S3 compatible adapter.");
    }

    // spec A11: one bad entry rejects the whole batch with 422; valid batches answer 200 with no body
    @Test
    void activityBatchIsValidatedAsAWhole() throws Exception {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        String good = "{\"user\":null,\"server\":\"" + uuid
                + "\",\"event\":\"server:console.command\",\"metadata\":{},\"ip\":\"127.0.0.1\",\"timestamp\":\"2024-03-17T14:58:30Z\"}";
        String bad = "{\"server\":\"" + uuid
                + "\",\"event\":\"server:power.start\",\"ip\":\"nope\",\"timestamp\":\"2024-03-17T14:58:30Z\"}";

        HttpResponse<String> rejected = authed("POST", "/api/remote/activity", "{\"data\":[" + good + "," + bad + "]}");
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(json(rejected).get("errors"))
                .extracting(e -> e.get("meta").get("source_field").asText())
                .containsExactly("data.1.metadata", "data.1.ip");
        assertThat(panel.activity()).isEmpty();

        HttpResponse<String> accepted = authed("POST", "/api/remote/activity", "{\"data\":[" + good + "]}");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEmpty();
        assertThat(panel.activity()).hasSize(1);
    }

    @Test
    void injectedFailuresApplyNTimesThenThePanelAnswersNormally() throws Exception {
        panel.failNext(call("GET", "/servers"), 2, 502);

        assertThat(authed("GET", "/api/remote/servers", null).statusCode()).isEqualTo(502);
        assertThat(authed("GET", "/api/remote/servers", null).statusCode()).isEqualTo(502);
        assertThat(authed("GET", "/api/remote/servers", null).statusCode()).isEqualTo(200);
    }

    @Test
    void goingDownRefusesConnectionsAndComingUpServesOnTheSamePort() throws Exception {
        int port = panel.port();
        panel.goDown();

        assertThatThrownBy(() -> authed("GET", "/api/remote/servers", null)).isInstanceOf(ConnectException.class);

        panel.comeUp();
        assertThat(panel.port()).isEqualTo(port);
        assertThat(authed("GET", "/api/remote/servers", null).statusCode()).isEqualTo(200);
    }

    @Test
    void awaitRequestReturnsARequestThatArrivesLater() throws Exception {
        CompletableFuture<HttpResponse<String>> later = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return authed("POST", "/api/remote/servers/reset", "null");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                runnable -> Thread.ofVirtual()
                        .start(runnable)); // not the common pool: one thread on 2 cores, shared with the whole JVM

        RecordedRequest request = panel.awaitRequest(call("POST", "/servers/reset"), Duration.ofSeconds(10));

        assertThat(request.bodyText()).isEqualTo("null");
        assertThat(request.header("authorization")).isEqualTo("Bearer NodeTokenId00001.node-secret");
        assertThat(later.get().statusCode()).isEqualTo(204);
    }

    @Test
    void awaitRequestFailsWithWhatDidArrive() {
        assertThatThrownBy(() -> panel.awaitRequest(call("POST", "/activity"), Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not receive");
    }

    @Test
    void unknownRoutesAre404() throws Exception {
        HttpResponse<String> response = authed("POST", "/api/remote/servers/abc/archive", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(firstError(response).get("code").asText()).isEqualTo("NotFoundHttpException");
    }
}
