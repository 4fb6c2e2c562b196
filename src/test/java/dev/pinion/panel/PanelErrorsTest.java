package dev.pinion.panel;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.ServerConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the Panel's error answers become exceptions (spec wings-to-panel-and-config.md A1 "How Panel errors look"). */
class PanelErrorsTest {
    private FakePanel panel;
    private PanelClient client;

    @BeforeEach
    void start() {
        panel = FakePanel.start();
        client = new PanelClients(panel).client;
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    @Test
    void firstErrorEntryGivesCodeStatusAndDetail() {
        panel.failNext(
                call("POST", "/servers/reset"),
                1,
                409,
                "{\"errors\":[{\"code\":\"ConflictHttpException\",\"status\":\"409\",\"detail\":\"first\"},"
                        + "{\"code\":\"Other\",\"status\":\"409\",\"detail\":\"second\"}]}");

        assertThatThrownBy(client::resetServersState).isInstanceOfSatisfying(PanelException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("ConflictHttpException");
            assertThat(e.status()).isEqualTo("409");
            assertThat(e.detail()).isEqualTo("first");
        });
    }

    // Wings' log text: "Error response from Panel: <code>: <detail> (HTTP/<status>)"
    @Test
    void messageIsWingsLogText() {
        String uuid = panel.addServer(ServerConfigBuilder.server());

        assertThatThrownBy(() -> client.setTransferStatus(uuid, true))
                .hasMessage(
                        "Error response from Panel: ConflictHttpException: Server is not being transferred. (HTTP/409)");
    }

    @Test
    void missingBodyBecomesMissingResponseCode() {
        panel.failNext(call("POST", "/servers/reset"), 1, 418, null);

        assertThatThrownBy(client::resetServersState).isInstanceOfSatisfying(PanelException.class, e -> {
            assertThat(e.code()).isEqualTo("_MissingResponseCode");
            assertThat(e.status()).isEqualTo("418");
            assertThat(e.detail()).isEqualTo("No error response returned from API endpoint.");
            assertThat(e)
                    .hasMessage(
                            "Error response from Panel: _MissingResponseCode: No error response returned from API endpoint. (HTTP/418)");
        });
    }

    @Test
    void bodyWithoutErrorsBecomesMissingResponseCode() {
        panel.failNext(call("POST", "/servers/reset"), 1, 400, "{\"message\":\"Bad\"}");

        assertThatThrownBy(client::resetServersState)
                .isInstanceOfSatisfying(
                        PanelException.class, e -> assertThat(e.code()).isEqualTo("_MissingResponseCode"));
    }

    @Test
    void nonJsonBodyBecomesMissingResponseCode() {
        panel.failNext(call("POST", "/servers/reset"), 1, 403, "<html>Forbidden by proxy</html>");

        assertThatThrownBy(client::resetServersState)
                .isInstanceOfSatisfying(
                        PanelException.class, e -> assertThat(e.code()).isEqualTo("_MissingResponseCode"));
    }

    // spec A1 "Panel-side authentication": a wrong token is a 403 from the Panel, not an outage
    @Test
    void wrongTokenIsAnAnsweredErrorNotUnreachable() {
        PanelClient wrong = new PanelClients(
                        panel.url(), new PanelCredentials(panel.tokenId(), "wrong"), 50, RetryPolicy.WINGS)
                .client;

        assertThatThrownBy(wrong::resetServersState).isInstanceOfSatisfying(PanelException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("AccessDeniedHttpException");
            assertThat(e.detail()).isEqualTo("You are not authorized to access this resource.");
            assertThat(e.isClientError()).isTrue();
        });
    }

    @Test
    void downPanelIsUnreachableNotAnAnsweredError() {
        PanelClient fast =
                new PanelClients(panel, 50, RetryPolicy.WINGS.withMaxElapsedTime(Duration.ofMillis(1))).client;
        panel.goDown();

        assertThatThrownBy(fast::resetServersState)
                .isInstanceOf(PanelUnreachableException.class)
                .isNotInstanceOf(PanelException.class)
                .hasCauseInstanceOf(IOException.class);
    }
}
