package dev.pinion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code configure} against a Panel's application API (spec wings-to-panel-and-config.md B3, B4). */
class ConfigureCommandTest {
    private static final String KEY = "ptla_KnownApplicationKey0123456789abcdefghijklmnop";
    // The JSON the Panel's NodeConfigurationController answers (spec B3).
    private static final String NODE_JSON = """
            {"debug":false,"uuid":"0b0a1b6e-5c1d-4f5e-8d6a-2c0e7d1b9f11","token_id":"Abc123Def456Ghi7",
             "token":"PanelNodeToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
             "api":{"host":"0.0.0.0","port":8080,"ssl":{"enabled":false,"cert":"/etc/letsencrypt/live/n/fullchain.pem",
             "key":"/etc/letsencrypt/live/n/privkey.pem"},"upload_limit":100},
             "system":{"data":"/var/lib/pterodactyl/volumes","sftp":{"bind_port":2022}},
             "allowed_mounts":["/etc"],"remote":"https://panel.example.com"}
            """;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final FakePanel panel = FakePanel.start().serveNodeConfiguration(7, KEY, NODE_JSON);
    private final Path dir = tempDir();

    @AfterEach
    void stopPanel() {
        panel.close();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pinion-configure-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CommandRun configure(String panelUrl, String key, String... extra) throws Exception {
        String[] base = {
            "configure",
            "--panel-url",
            panelUrl,
            "--token",
            key,
            "--node",
            "7",
            "--config-path",
            dir.resolve("etc/config.yml").toString()
        };
        String[] args = Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new);
        return CommandRun.of(ConfigureCommand::new, args);
    }

    @Test
    void writesTheNodeConfigurationWithMode0600AndTheApplicationKeyIsNeverPrinted() throws Exception {
        CommandRun run = configure(panel.url(), KEY);

        assertThat(run.failed()).as(run.stderr()).isFalse();
        Path file = dir.resolve("etc/config.yml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        JsonNode written = YAML.readTree(file.toFile());
        assertThat(written.path("uuid").asText()).isEqualTo("0b0a1b6e-5c1d-4f5e-8d6a-2c0e7d1b9f11");
        assertThat(written.path("token").asText()).startsWith("PanelNodeToken");
        assertThat(written.path("remote").asText()).isEqualTo("https://panel.example.com");
        assertThat(written.path("api").path("port").asInt()).isEqualTo(8080);
        // Wings' defaults fill what the Panel does not send.
        assertThat(written.path("system").path("root_directory").asText()).isEqualTo("/var/lib/pterodactyl");
        // allowed_mounts is never taken from the Panel (Wings suppresses its JSON name).
        assertThat(written.path("allowed_mounts")).hasSize(0);
        assertThat(run.stdout() + run.stderr()).doesNotContain(KEY).contains("Successfully configured");
        RecordedRequest request = panel.requests().getFirst();
        assertThat(request.path()).isEqualTo("/api/application/nodes/7/configuration");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.header("Accept")).isEqualTo("application/vnd.pterodactyl.v1+json");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void refusesToReplaceAnExistingFileWithoutOverrideAndAsksNothingOfThePanel() throws Exception {
        Path file = dir.resolve("etc/config.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "token: keep-me\n");

        CommandRun run = configure(panel.url(), KEY);

        assertThat(run.failed()).isTrue();
        assertThat(run.stderr()).contains(ConfigureCommand.EXISTS);
        assertThat(Files.readString(file)).isEqualTo("token: keep-me\n");
        assertThat(panel.requests()).isEmpty();
    }

    @Test
    void overrideReplacesThePanelsKeysAndKeepsTheOperatorsOwnSections() throws Exception {
        Path file = dir.resolve("etc/config.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "token: old\npinion:\n  admin:\n    port: 9191\nlogging:\n  level: DEBUG\n");

        CommandRun run = configure(panel.url(), KEY, "--override");

        assertThat(run.failed()).as(run.stderr()).isFalse();
        JsonNode written = YAML.readTree(file.toFile());
        assertThat(written.path("token").asText()).startsWith("PanelNodeToken");
        assertThat(written.path("pinion").path("admin").path("port").asInt()).isEqualTo(9191);
        assertThat(written.path("logging").path("level").asText()).isEqualTo("DEBUG");
    }

    @Test
    void aRefusedKeyIsReportedAndNothingIsWritten() throws Exception {
        CommandRun run = configure(panel.url(), "ptla_WrongKey");

        assertThat(run.failed()).isTrue();
        assertThat(run.stderr().strip()).isEqualTo(ConfigureCommand.REFUSED);
        assertThat(dir.resolve("etc/config.yml")).doesNotExist();
    }

    @Test
    void anUnknownNodeIsReportedWithThePanelsAnswer() throws Exception {
        CommandRun run = CommandRun.of(
                ConfigureCommand::new,
                "configure",
                "--panel-url",
                panel.url() + "/",
                "--token",
                KEY,
                "--node",
                "8",
                "--config-path",
                dir.resolve("c.yml").toString());

        assertThat(run.failed()).isTrue();
        assertThat(run.stderr())
                .contains("An error occurred while processing this request. (HTTP 404)")
                .contains("NotFoundHttpException");
        assertThat(dir.resolve("c.yml")).doesNotExist();
    }

    @Test
    void aSelfSignedPanelNeedsAllowInsecure() throws Exception {
        try (FakePanel https = FakePanel.startHttps().serveNodeConfiguration(7, KEY, NODE_JSON)) {
            CommandRun refused = configure(https.url(), KEY);
            assertThat(refused.failed()).isTrue();
            assertThat(refused.stderr()).startsWith("Failed to fetch configuration from the panel");

            CommandRun accepted = configure(https.url(), KEY, "--allow-insecure");
            assertThat(accepted.failed()).as(accepted.stderr()).isFalse();
            assertThat(dir.resolve("etc/config.yml")).exists();
        }
    }
}
