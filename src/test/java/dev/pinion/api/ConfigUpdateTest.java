package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/update}: the body the Panel sends when a node is saved. Spec: panel-to-wings-api.md §3.2,
 * spec README (CVE-2024-34066: path keys and remote not settable).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConfigUpdateTest {
    private static final TestNode NODE = TestNode.create("""
            api:
              host: 127.0.0.1
              port: 0
              ssl:
                enabled: false
                cert: /srv/certs/manual.pem
                key: /srv/certs/manual.key
            logging:
              level: INFO
            future_key_from_a_newer_panel: keep-me
            """);
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(NODE);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Http http;
    private String originalFile;

    @BeforeEach
    void remember() throws IOException {
        http = new Http(APP.getLocalPort());
        originalFile = Files.readString(NODE.configFile());
    }

    @AfterEach
    void restoreToken() throws IOException {
        // Put the original token back through the API so each test starts from the same node.
        String current = YAML.readTree(NODE.configFile().toFile()).path("token").asText();
        if (!current.equals(TestNode.TOKEN)) {
            http.send(http.request("/api/update")
                    .header("Authorization", "Bearer " + current)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TestNode.TOKEN + "\"}")));
        }
    }

    private static String panelBody(String token) {
        return """
                {"debug": false, "uuid": "0b0a1b6e-5c1d-4f5e-8d6a-2c0e7d1b9f11", "token_id": "NewTokenId123456",
                 "token": "%s",
                 "api": {"host": "0.0.0.0", "port": 8080,
                         "ssl": {"enabled": true, "cert": "/etc/letsencrypt/live/node.example.com/fullchain.pem",
                                 "key": "/etc/letsencrypt/live/node.example.com/privkey.pem"},
                         "upload_limit": 250},
                 "system": {"data": "/somewhere/else", "sftp": {"bind_port": 2222}},
                 "allowed_mounts": ["/etc"],
                 "remote": "https://attacker.example.test"}
                """.formatted(token);
    }

    @Test
    void panelUpdateIsAppliedPersistedAndTheNewTokenWorksAtOnce() throws IOException {
        String newToken = "N".repeat(64);
        HttpResponse<String> response = http.postJson("/api/update", panelBody(newToken));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).path("applied").asBoolean()).isTrue();
        JsonNode file = YAML.readTree(NODE.configFile().toFile());
        assertThat(file.path("token").asText()).isEqualTo(newToken);
        assertThat(file.path("token_id").asText()).isEqualTo("NewTokenId123456");
        assertThat(file.path("api").path("upload_limit").asInt()).isEqualTo(250);
        assertThat(file.path("system").path("sftp").path("bind_port").asInt()).isEqualTo(2222);
        assertThat(file.path("api").path("ssl").path("enabled").asBoolean()).isTrue();
        assertThat(Files.getPosixFilePermissions(NODE.configFile()))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

        assertThat(http.get("/api/system").statusCode()).isEqualTo(403);
        assertThat(http.send(http.request("/api/system")
                                .header("Authorization", "Bearer " + newToken)
                                .GET())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void letsEncryptPathsFromThePanelNeverReplaceManuallyConfiguredCertificates() throws IOException {
        http.postJson("/api/update", panelBody(TestNode.TOKEN));
        JsonNode ssl = YAML.readTree(NODE.configFile().toFile()).path("api").path("ssl");
        assertThat(ssl.path("cert").asText()).isEqualTo("/srv/certs/manual.pem");
        assertThat(ssl.path("key").asText()).isEqualTo("/srv/certs/manual.key");
    }

    @Test
    void directoriesRemoteAndMountsCannotBeChangedThroughTheApi() throws IOException {
        http.postJson("/api/update", panelBody(TestNode.TOKEN));
        JsonNode file = YAML.readTree(NODE.configFile().toFile());
        assertThat(file.path("system").path("data").asText()).isEqualTo(NODE.root() + "/lib/volumes");
        assertThat(file.path("remote").asText()).isEqualTo(TestNode.PANEL);
        assertThat(file.path("allowed_mounts")).isEmpty();
    }

    @Test
    void keysPinionDoesNotModelSurviveTheRewrite() throws IOException {
        http.postJson("/api/update", panelBody(TestNode.TOKEN));
        JsonNode file = YAML.readTree(NODE.configFile().toFile());
        assertThat(file.path("future_key_from_a_newer_panel").asText()).isEqualTo("keep-me");
        assertThat(file.path("logging").path("level").asText()).isEqualTo("INFO");
    }

    @Test
    void goFieldNamesMatchCaseInsensitivelyAsWingsDecodesThem() throws IOException {
        http.postJson("/api/update", "{\"Throttles\": {\"Lines\": 1234}, \"api\": {\"UploadLimit\": 77}}");
        JsonNode file = YAML.readTree(NODE.configFile().toFile());
        assertThat(file.path("throttles").path("lines").asInt()).isEqualTo(1234);
        assertThat(file.path("api").path("upload_limit").asInt()).isEqualTo(77);
    }

    @Test
    void anInvalidValueIs422AndChangesNothing() throws IOException {
        HttpResponse<String> response =
                http.postJson("/api/update", "{\"token\": \"" + "Z".repeat(64) + "\", \"api\": {\"port\": 123456}}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo("The data provided in the request could not be validated.");
        assertThat(Files.readString(NODE.configFile())).isEqualTo(originalFile);
        assertThat(http.get("/api/system").statusCode()).isEqualTo(200);
    }

    @Test
    void aValueOfTheWrongTypeIs400AndChangesNothing() throws IOException {
        HttpResponse<String> response =
                http.postJson("/api/update", "{\"token\": \"x\", \"api\": {\"port\": \"eighty\"}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Files.readString(NODE.configFile())).isEqualTo(originalFile);
        assertThat(http.get("/api/system").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        assertThat(http.postJson("/api/update", "[1,2]").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/api/update", "\"token\"").statusCode()).isEqualTo(400);
    }

    @Test
    void aSectionReplacedByAScalarIs400AndChangesNothing() throws IOException {
        // issue #10 item 10: a type change of a section would reset its protected keys.
        for (String body : new String[] {
            "{\"system\": \"x\"}",
            "{\"system\": \"\"}",
            "{\"system\": []}",
            "{\"api\": 1}",
            "{\"system\": {\"sftp\": \"x\"}}"
        }) {
            HttpResponse<String> response = http.postJson("/api/update", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(Files.readString(NODE.configFile())).isEqualTo(originalFile);
        assertThat(http.get("/api/system").statusCode()).isEqualTo(200);
    }
}
