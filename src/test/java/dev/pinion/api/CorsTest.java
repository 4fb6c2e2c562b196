package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CORS exactly as Wings sends it. Spec: panel-to-wings-api.md §1.5; seed 000_eab25253bc7ffd6f.txt "CORS Configuration". */
@ExtendWith(DropwizardExtensionsSupport.class)
class CorsTest {
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(TestNode.create("""
            allowed_origins:
              - https://other.example.test
            allow_cors_private_network: true
            """));

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(APP.getLocalPort());
    }

    private HttpResponse<String> preflight(String path, String origin) {
        return http.send(http.request(path)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void preflightOnAnyPathIs204WithEveryCorsHeaderAndNeedsNoToken() {
        for (String path :
                new String[] {"/api/system", "/api/servers/unknown/files/list-directory", "/no/such/route"}) {
            HttpResponse<String> response = preflight(path, TestNode.PANEL);
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(TestNode.PANEL);
            assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                    .contains("true");
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
                    .contains("GET, POST, PATCH, PUT, DELETE, OPTIONS");
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
                    .contains(
                            "Accept, Accept-Encoding, Authorization, Cache-Control, Content-Type, Content-Length, Origin, X-Real-IP, X-CSRF-Token");
            assertThat(response.headers().firstValue("Access-Control-Max-Age")).contains("7200");
        }
    }

    @Test
    void allowedOriginIsEchoedAndAnyOtherOriginGetsThePanelLocation() {
        assertThat(preflight("/api/system", "https://other.example.test")
                        .headers()
                        .firstValue("Access-Control-Allow-Origin"))
                .contains("https://other.example.test");
        assertThat(preflight("/api/system", "https://evil.example.test")
                        .headers()
                        .firstValue("Access-Control-Allow-Origin"))
                .contains(TestNode.PANEL);
    }

    @Test
    void corsHeadersAreOnErrorResponsesToo() {
        HttpResponse<String> response = http.send(
                http.request("/api/system").header("Origin", TestNode.PANEL).GET());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(TestNode.PANEL);
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                .contains("true");
    }

    @Test
    void privateNetworkHeadersAreSentWhenEnabled() {
        HttpResponse<String> response = preflight("/api/system", TestNode.PANEL);
        assertThat(response.headers().firstValue("Access-Control-Request-Private-Network"))
                .contains("true");
        assertThat(response.headers().firstValue("Access-Control-Allow-Private-Network"))
                .contains("true");
    }
}
