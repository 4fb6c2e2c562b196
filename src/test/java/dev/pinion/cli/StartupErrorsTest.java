package dev.pinion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.PinionApplication;
import dev.pinion.PinionConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A configuration Pinion cannot use stops start-up with one line naming the key and the problem. */
class StartupErrorsTest {
    private record Outcome(boolean failed, String stderr) {}

    private static Outcome serve(String yaml) throws Exception {
        Path file = Files.createTempFile("pinion-bad-", ".yml");
        Files.writeString(file, yaml);
        PinionApplication application = new PinionApplication();
        Bootstrap<PinionConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        bootstrap.addCommand(new PinionServerCommand<>(application));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cli cli = new Cli(
                new JarLocation(PinionApplication.class),
                bootstrap,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        boolean failed = cli.run("server", file.toString()).isPresent();
        return new Outcome(failed, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unparsableYamlIsOneLineWithoutAStackTrace() throws Exception {
        Outcome outcome = serve("api:\n  port: [unclosed\n");
        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.stderr().strip().lines()).hasSize(1);
        assertThat(outcome.stderr()).startsWith("Pinion cannot start: ").doesNotContain("\tat ");
    }

    @Test
    void wrongTypeNamesTheKeyOnOneLine() throws Exception {
        Outcome outcome = serve("api:\n  port: eighty\n");
        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.stderr().strip().lines()).hasSize(1);
        assertThat(outcome.stderr()).contains("api.port").doesNotContain("\tat ");
    }

    @Test
    void invalidValueNamesTheKeyAndProblemOnOneLine() throws Exception {
        Outcome outcome = serve("api:\n  port: 99999\n");
        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.stderr().strip().lines()).hasSize(1);
        assertThat(outcome.stderr()).contains("api.port: must be between 0 and 65535, got 99999");
    }
}
