package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ignore_panel_config_updates}: answered {"applied":false}, nothing changes. Spec: panel-to-wings-api.md §3.2 step 1. */
@ExtendWith(DropwizardExtensionsSupport.class)
class IgnoredConfigUpdateTest {
    private static final TestNode NODE = TestNode.create("ignore_panel_config_updates: true\n");
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(NODE);

    @Test
    void updateIsAnsweredNotAppliedAndTheFileIsUntouched() throws IOException {
        String before = Files.readString(NODE.configFile());
        Http http = new Http(APP.getLocalPort());

        var response = http.postJson("/api/update", "{\"token\": \"" + "Q".repeat(64) + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).path("applied").isBoolean()).isTrue();
        assertThat(Http.json(response).path("applied").asBoolean()).isFalse();
        assertThat(Files.readString(NODE.configFile())).isEqualTo(before);
        assertThat(http.get("/api/system").statusCode()).isEqualTo(200);
    }
}
