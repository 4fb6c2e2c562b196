package dev.pinion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code diagnostics}: the report a support request needs, with no secret in it (spec wings-to-panel-and-config.md B5). */
class DiagnosticsCommandTest {
    private static final String PANEL = "https://panel.secret-host.example";

    private static CommandRun diagnostics(TestNode node, String... extra) throws Exception {
        String[] args = Stream.concat(
                        Stream.of("diagnostics"), Stream.concat(Arrays.stream(extra), Stream.of(node.configPath())))
                .toArray(String[]::new);
        return CommandRun.of(DiagnosticsCommand::new, args);
    }

    private static TestNode nodeWithLog() throws Exception {
        // TestNode's remote is replaced: a later key wins in the YAML Dropwizard reads.
        TestNode node = TestNode.create("");
        Files.writeString(node.configFile(), Files.readString(node.configFile()).replace(TestNode.PANEL, PANEL));
        Path logs = node.root().resolve("log");
        Files.createDirectories(logs);
        Files.writeString(
                logs.resolve("pinion.log"),
                "INFO first line\n"
                        + "WARN something logged the token " + TestNode.TOKEN + " by mistake\n"
                        + "INFO id " + TestNode.TOKEN_ID + " and " + PANEL + "/api/remote\n"
                        + "INFO last line\n");
        return node;
    }

    @Test
    void theReportNeverContainsTheTokenOrTokenIdEvenWhenALogLineHoldsThem() throws Exception {
        CommandRun run = diagnostics(nodeWithLog());

        assertThat(run.failed()).as(run.stderr()).isFalse();
        assertThat(run.stdout())
                .doesNotContain(TestNode.TOKEN)
                .doesNotContain(TestNode.TOKEN_ID)
                .doesNotContain("secret-host")
                .contains("something logged the token {redacted} by mistake")
                .contains("INFO last line");
    }

    @Test
    void theReportHasWingsSectionsAndRealDockerFacts() throws Exception {
        CommandRun run = diagnostics(nodeWithLog());

        assertThat(run.stdout())
                .startsWith(DiagnosticsReport.BEGIN)
                .endsWith(DiagnosticsReport.END + "\n")
                .contains(
                        "| Versions",
                        "| Pinion Configuration",
                        "| Docker: Info",
                        "| Docker: Running Containers",
                        "| Latest Pinion Logs")
                .contains("Panel Location:      {redacted}")
                .containsPattern("Server Version: +\\d+\\.")
                .contains("Data Directory:")
                // scripts/test.sh installs libdeflate0: the report says the node has the fast archive engine.
                .containsPattern("Archives: +libdeflate \\(libdeflate\\.so\\.0\\)");
    }

    @Test
    void endpointsAppearOnlyWhenAskedForAndTheTokenStillDoesNot() throws Exception {
        CommandRun run = diagnostics(nodeWithLog(), "--include-endpoints", "--log-lines", "1");

        assertThat(run.stdout())
                .contains("Panel Location:      " + PANEL)
                .doesNotContain(TestNode.TOKEN)
                .contains("INFO last line")
                .doesNotContain("INFO first line");
    }

    @Test
    void logsCanBeLeftOut() throws Exception {
        CommandRun run = diagnostics(nodeWithLog(), "--no-logs");

        assertThat(run.stdout()).contains("Logs redacted.").doesNotContain("INFO last line");
    }
}
