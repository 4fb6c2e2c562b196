package dev.pinion.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.PinionConfiguration;
import dev.pinion.cli.PinionServerCommand;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST/GET/DELETE files/pull over real HTTP (spec panel-to-wings-api.md §5.11, files-backups-transfers.md
 * §3) against a daemon whose guard lets exactly 127.0.0.1 through, so a loopback origin can stand in for
 * the internet; 127.0.0.2 and ::1 stay forbidden and prove the guard still applies.
 */
class PullEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static FakePanel panel;
    private static DropwizardTestSupport<PinionConfiguration> app;
    private static TestNode node;
    private static Http http;
    private static LoopbackOrigin origin;
    private static LoopbackOrigin forbidden;
    private static String uuid;
    private static String tiny;

    @BeforeAll
    static void start() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        ServerConfigBuilder normal = GameServers.server().fileDenylist("secret.txt");
        ServerConfigBuilder small = GameServers.server().disk(1);
        panel.addServer(normal);
        panel.addServer(small);
        uuid = normal.uuid();
        tiny = small.uuid();
        node = TestNode.create("remote: " + panel.url() + "\n");
        app = new DropwizardTestSupport<>(
                LoopbackPullApplication.class, node.configPath(), null, null, PinionServerCommand::new);
        app.before();
        http = new Http(app.getLocalPort());
        for (String server : List.of(uuid, tiny)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> http.get("/api/servers/" + server).statusCode() == 200);
        }
        origin = LoopbackOrigin.start("127.0.0.1");
        forbidden = LoopbackOrigin.start("127.0.0.2");
        Files.createDirectories(node.root().resolve("outside"));
    }

    @AfterAll
    static void stop() {
        origin.close();
        forbidden.close();
        app.after();
        panel.close();
    }

    private static Path root(String server) {
        return node.root().resolve("lib/volumes").resolve(server);
    }

    private static HttpResponse<String> pull(String server, String json) {
        return http.postJson("/api/servers/" + server + "/files/pull", json);
    }

    private static JsonNode downloads(String server) {
        return Http.json(http.get("/api/servers/" + server + "/files/pull")).path("downloads");
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response).path("error").asText()).isEqualTo(message);
    }

    @Test
    void aBackgroundPullAnswers202WithAnIdentifierAndWritesTheFile() {
        HttpResponse<String> response =
                pull(uuid, "{\"url\":\"" + origin.url("/mods/pack.jar") + "\",\"root\":\"/mods\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Http.json(response).path("identifier").asText()).matches("[0-9a-f-]{36}");
        await().atMost(WAIT).until(() -> Files.exists(root(uuid).resolve("mods/pack.jar")));
        assertThat(root(uuid).resolve("mods/pack.jar")).hasContent("content of /mods/pack.jar");
    }

    @Test
    void aForegroundPullAnswers200WithTheFilesEntry() {
        HttpResponse<String> response =
                pull(uuid, "{\"url\":\"" + origin.url("/fg.txt") + "\",\"root\":\"/\",\"foreground\":true}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode entry = Http.json(response);
        assertThat(entry.path("name").asText()).isEqualTo("fg.txt");
        assertThat(entry.path("size").asLong()).isEqualTo("content of /fg.txt".length());
        assertThat(entry.path("mode").asText()).isEqualTo("-rw-r--r--");
        assertThat(entry.path("file").asBoolean()).isTrue();
    }

    @Test
    void theNameComesFromTheHeaderWhenAskedThenFromFileName() throws Exception {
        assertThat(pull(
                                uuid,
                                "{\"url\":\"" + origin.url("/named")
                                        + "\",\"root\":\"/\",\"use_header\":true,\"foreground\":true,"
                                        + "\"file_name\":\"ignored.jar\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(root(uuid).resolve("from-header.jar")).hasContent("named");
        assertThat(pull(
                                uuid,
                                "{\"url\":\"" + origin.url("/named")
                                        + "\",\"directory\":\"/d\",\"file_name\":\"given.jar\","
                                        + "\"foreground\":true}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(root(uuid).resolve("d/given.jar")).hasContent("named");
    }

    @Test
    void progressIsListedWithWingsCapitalisedKeysAndCancelRemovesIt() throws Exception {
        try (LoopbackOrigin slow = LoopbackOrigin.start("127.0.0.1")) {
            String id = Http.json(pull(
                            uuid,
                            "{\"url\":\"" + slow.url("/slow.bin")
                                    + "\",\"root\":\"/\",\"file_name\":\"cancelled.bin\"}"))
                    .path("identifier")
                    .asText();
            await().atMost(WAIT)
                    .until(() -> downloads(uuid).size() == 1
                            && downloads(uuid).get(0).path("Progress").asDouble() >= 0.5);
            JsonNode entry = downloads(uuid).get(0);
            assertThat(entry.path("Identifier").asText()).isEqualTo(id);
            assertThat(entry.path("Progress").asDouble()).isEqualTo(0.5);
            HttpResponse<String> cancel = http.send(http.authorized("/api/servers/" + uuid + "/files/pull/" + id)
                    .DELETE());
            assertThat(cancel.statusCode()).isEqualTo(204);
            await().atMost(WAIT).until(() -> downloads(uuid).isNull());
            assertThat(root(uuid).resolve("cancelled.bin")).doesNotExist();
        }
    }

    @Test
    void withNoPullsTheListIsNullAndCancellingAnUnknownIdIs204() {
        assertThat(Http.json(http.get("/api/servers/" + tiny + "/files/pull")).has("downloads"))
                .isTrue();
        assertThat(downloads(tiny).isNull()).isTrue();
        assertThat(http.send(http.authorized("/api/servers/" + tiny + "/files/pull/nope")
                                .DELETE())
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void aFourthSimultaneousPullIs400() {
        try (LoopbackOrigin slow = LoopbackOrigin.start("127.0.0.1")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = pull(
                        tiny,
                        "{\"url\":\"" + slow.url("/slow.bin") + "\",\"root\":\"/\",\"file_name\":\"s" + i + "\"}");
                assertThat(response.statusCode()).isEqualTo(202);
                ids.add(Http.json(response).path("identifier").asText());
            }
            assertError(
                    pull(tiny, "{\"url\":\"" + slow.url("/slow.bin") + "\",\"root\":\"/\"}"),
                    400,
                    "This server has reached its limit of 3 simultaneous remote file downloads at once. Please wait for one to complete before trying again.");
            for (String id : ids) {
                http.send(http.authorized("/api/servers/" + tiny + "/files/pull/" + id)
                        .DELETE());
            }
            await().atMost(WAIT).until(() -> downloads(tiny).isNull());
        }
    }

    @Test
    void aNon200AnswerFailsTheForegroundPull() {
        assertError(
                pull(uuid, "{\"url\":\"" + origin.url("/missing") + "\",\"root\":\"/\",\"foreground\":true}"),
                400,
                "downloader: got bad response status from endpoint: 404 Not Found");
        assertThat(root(uuid).resolve("missing")).doesNotExist();
    }

    @Test
    void aResponseWithoutContentLengthIsRefused() {
        assertError(
                pull(uuid, "{\"url\":\"" + origin.url("/chunked") + "\",\"root\":\"/\",\"foreground\":true}"),
                400,
                "downloader: request is missing ContentLength");
        assertThat(root(uuid).resolve("chunked")).doesNotExist();
    }

    @Test
    void aFileBeyondTheDiskLimitIs400AndLeavesNothing() {
        assertError(
                pull(tiny, "{\"url\":\"" + origin.url("/big") + "\",\"root\":\"/\",\"foreground\":true}"),
                400,
                "There is not enough disk space available to perform that action.");
        assertThat(root(tiny).resolve("big")).doesNotExist();
    }

    @Test
    void aDenylistedTargetIs403() {
        assertError(
                pull(
                        uuid,
                        "{\"url\":\"" + origin.url("/x")
                                + "\",\"root\":\"/\",\"file_name\":\"secret.txt\",\"foreground\":true}"),
                403,
                "This file cannot be modified: present in egg denylist.");
        assertThat(root(uuid).resolve("secret.txt")).doesNotExist();
    }

    // issue #10 item 6: a Content-Disposition name is reduced to its base name, so "../" in it
    // cannot choose which file is written; the pull lands in the requested directory.
    @Test
    void aHeaderNameEscapingTheRootIsReducedToItsBaseName() throws Exception {
        HttpResponse<String> response = pull(
                uuid,
                "{\"url\":\"" + origin.url("/escape") + "\",\"root\":\"/\",\"use_header\":true,\"foreground\":true}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Files.readString(root(uuid).resolve("x.jar"))).isEqualTo("escape");
        assertThat(node.root().resolve("outside/x.jar")).doesNotExist();
    }

    /** CVE-2023-25152 through pull: a dangling symlink's outside target is never created. */
    @Test
    void aPullOntoADanglingSymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(root(uuid).resolve("dangling.jar"), node.root().resolve("outside/pulled.jar"));
        HttpResponse<String> response = pull(
                uuid,
                "{\"url\":\"" + origin.url("/x")
                        + "\",\"root\":\"/\",\"file_name\":\"dangling.jar\",\"foreground\":true}");
        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(node.root().resolve("outside/pulled.jar")).doesNotExist();
    }

    /** GHSA-6rg3-8h8x-5xfv / CVE-2024-34068 through the endpoint: a redirect to a forbidden address. */
    @Test
    void aRedirectToAForbiddenAddressIsRefused() {
        assertError(
                pull(
                        uuid,
                        "{\"url\":\"" + origin.url("/redirect?to=" + forbidden.url("/internal")) + "\",\"root\":\"/\","
                                + "\"file_name\":\"r.txt\",\"foreground\":true}"),
                400,
                PullException.INTERNAL_DESTINATION);
        assertThat(forbidden.hits()).isEmpty();
        assertThat(root(uuid).resolve("r.txt")).doesNotExist();
    }

    @Test
    void forbiddenLiteralAddressesAreRefused() {
        for (String url : List.of(forbidden.url("/a"), "http://[::1]:" + forbidden.port() + "/a")) {
            assertError(
                    pull(uuid, "{\"url\":\"" + url + "\",\"root\":\"/\",\"foreground\":true}"),
                    400,
                    PullException.INTERNAL_DESTINATION);
        }
        assertThat(forbidden.hits()).isEmpty();
    }

    @Test
    void aNonHttpSchemeIs400() {
        assertError(
                pull(uuid, "{\"url\":\"file:///etc/passwd\",\"root\":\"/\"}"),
                400,
                "An error occurred while parsing that URL: unsupported protocol scheme \"file\"");
    }

    @Test
    void aMissingUrlOrRootIs400() {
        String generic = "An unexpected error was encountered while processing this request";
        assertError(pull(uuid, "{\"root\":\"/\"}"), 400, generic);
        assertError(pull(uuid, "{\"url\":\"" + origin.url("/x") + "\"}"), 400, generic);
    }

    @Test
    void anUnknownServerIs404() {
        assertError(
                pull("00000000-0000-4000-8000-000000000000", "{\"url\":\"" + origin.url("/x") + "\",\"root\":\"/\"}"),
                404,
                "The requested resource does not exist on this instance.");
    }

    @Test
    void pullRoutesNeedTheNodeToken() {
        assertThat(http.send(http.request("/api/servers/" + uuid + "/files/pull")
                                .GET())
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.send(http.request("/api/servers/" + uuid + "/files/pull")
                                .POST(HttpRequest.BodyPublishers.ofString("{}")))
                        .statusCode())
                .isEqualTo(401);
    }
}
