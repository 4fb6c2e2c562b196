package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Authentication, error bodies and request ids on the Panel-facing API.
 * Spec: panel-to-wings-api.md §1.2 (auth), §1.3 (routing), §1.4 (bodies), §1.6 (request id), §1.8 (errors);
 * seed 000_eab25253bc7ffd6f.txt (messages).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthAndErrorsTest {
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(TestNode.create())
            .addListener(new DropwizardAppExtension.ServiceListener<>() {
                @Override
                public void onRun(
                        PinionConfiguration configuration,
                        Environment environment,
                        DropwizardAppExtension<PinionConfiguration> rule) {
                    environment.jersey().register(new ErrorProbeResource());
                }
            });

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(APP.getLocalPort());
    }

    private static void assertWingsError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Http.json(response);
        assertThat(body.path("error").asText()).isEqualTo(message);
        assertThat(body.path("request_id").asText())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void missingAuthorizationHeaderIs401WithWingsMessage() {
        HttpResponse<String> response = http.send(http.request("/api/system").GET());
        assertWingsError(response, 401, "The required authorization heads were not present in the request.");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void malformedAuthorizationHeadersAre401() {
        for (String header : new String[] {"Basic abc", "bearer " + TestNode.TOKEN, "Bearer", TestNode.TOKEN}) {
            HttpResponse<String> response = http.send(
                    http.request("/api/system").header("Authorization", header).GET());
            assertWingsError(response, 401, "The required authorization heads were not present in the request.");
        }
    }

    @Test
    void wrongTokenIs403WithWingsMessage() {
        HttpResponse<String> response = http.send(http.request("/api/system")
                .header("Authorization", "Bearer nope")
                .GET());
        assertWingsError(response, 403, "You are not authorized to access this endpoint.");
    }

    @Test
    void tokenWithExtraCharactersIsRefused() {
        HttpResponse<String> response = http.send(http.request("/api/system")
                .header("Authorization", "Bearer " + TestNode.TOKEN + "x")
                .GET());
        assertWingsError(response, 403, "You are not authorized to access this endpoint.");
    }

    @Test
    void correctTokenIsAccepted() {
        assertThat(http.get("/api/system").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRouteChecksTheTokenBeforeAnswering404() {
        assertWingsError(
                http.send(http.request("/api/nope").GET()),
                401,
                "The required authorization heads were not present in the request.");
        assertWingsError(
                http.send(http.request("/nope")
                        .header("Authorization", "Bearer wrong")
                        .GET()),
                403,
                "You are not authorized to access this endpoint.");
        assertWingsError(http.get("/api/nope"), 404, "The requested resource does not exist on this instance.");
    }

    @Test
    void unknownMethodOnAKnownRouteIsTreatedAsAnUnknownRoute() {
        HttpResponse<String> response = http.send(http.authorized("/api/system").DELETE());
        assertWingsError(response, 404, "The requested resource does not exist on this instance.");
    }

    @Test
    void everyResponseCarriesAFreshRequestIdAndIgnoresTheClientOne() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.send(http.authorized("/api/system")
                    .header("X-Request-Id", "client-chosen")
                    .GET());
            String id = response.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(id).matches(UUID_PATTERN);
            ids.add(id);
        }
        assertThat(ids).hasSize(5);
        assertThat(http.send(http.request("/x").method("OPTIONS", HttpRequest.BodyPublishers.noBody()))
                        .headers()
                        .firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches(UUID_PATTERN));
    }

    @Test
    void emptyJsonBodyIs400NotParsable() {
        assertWingsError(
                http.postJson("/api/update", ""),
                400,
                "The data passed in the request was not in a parsable format. Please try again.");
    }

    @Test
    void malformedJsonIs400NotParsable() {
        assertWingsError(
                http.postJson("/api/update", "{\"debug\": tru"),
                400,
                "The data passed in the request was not in a parsable format. Please try again.");
    }

    @Test
    void nonJsonContentTypeIs415InTheWingsBody() {
        HttpResponse<String> response = http.send(http.authorized("/api/test-probe/named")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\"}")));
        assertWingsError(
                response, 415, "The data passed in the request was not in a parsable format. Please try again.");
    }

    @Test
    void bodyOverTheLimitIs413() {
        String huge = "{\"name\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}";
        assertWingsError(
                http.postJson("/api/test-probe/named", huge),
                413,
                "The request body is larger than this node accepts.");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        byte[] huge = ("{\"name\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}").getBytes();
        HttpResponse<String> response = http.send(http.authorized("/api/test-probe/named")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))));
        assertWingsError(response, 413, "The request body is larger than this node accepts.");
    }

    @Test
    void failedConstraintIs422WithWingsValidationMessage() {
        assertWingsError(
                http.postJson("/api/test-probe/named", "{\"name\":\"\"}"),
                422,
                "The data provided in the request could not be validated.");
        assertThat(Http.json(http.postJson("/api/test-probe/named", "{\"name\":\"ok\"}"))
                        .path("name")
                        .asText())
                .isEqualTo("ok");
    }

    @Test
    void unexpectedExceptionIs500WithoutLeakingDetails() {
        HttpResponse<String> response = http.get("/api/test-probe/boom");
        assertWingsError(response, 500, "An unexpected error was encountered while processing this request");
        assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void timeoutIs504WithWingsMessage() {
        assertWingsError(
                http.get("/api/test-probe/timeout"),
                504,
                "The server could not process this request in time, please try again.");
    }

    @Test
    void commandToStoppedServerIs502WithWingsMessage() {
        assertWingsError(
                http.get("/api/test-probe/stopped"), 502, "Cannot send commands to a stopped server instance.");
    }

    @Test
    void uriJettyRefusesBeforeAnyFilterStillGetsTheWingsBody() {
        assertWingsError(
                http.send(http.authorized("/api/%2e%2e/%2e%2e/etc/passwd").GET()),
                400,
                "The data passed in the request was not in a parsable format. Please try again.");
    }

    @Test
    void oversizedHeadersGetTheWingsBody() {
        HttpResponse<String> response = http.send(http.authorized("/api/system")
                .header("X-Big", "a".repeat(20_000))
                .GET());
        assertWingsError(response, 431, "The request headers are larger than this node accepts.");
    }

    @Test
    void aRefusedRequestWithASmallUnreadBodyIsAnsweredAndTheConnectionStaysUsable() {
        // Refused before the body is read; the body is drained so the answer always arrives.
        for (int i = 0; i < 30; i++) {
            byte[] body = "x".repeat(64 * 1024).getBytes();
            HttpResponse<String> refused = http.send(http.request("/api/update")
                    .header("Authorization", "Bearer wrong")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Connection")).isEmpty();
            assertThat(http.get("/api/system").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void jsonResponsesAreUtf8Json() {
        assertThat(http.get("/api/system").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t.replace(" ", "")).isEqualTo("application/json;charset=utf-8"));
    }
}
