package dev.pinion.cli;

import dev.pinion.PinionApplication;
import dev.pinion.PinionConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Runs one Pinion command as the command line does, capturing what it prints. */
record CommandRun(boolean failed, String stdout, String stderr) {
    static CommandRun of(Function<PrintStream, Command> command, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PinionApplication application = new PinionApplication();
        Bootstrap<PinionConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        bootstrap.addCommand(command.apply(stdout));
        Cli cli = new Cli(
                new JarLocation(PinionApplication.class),
                bootstrap,
                stdout,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        boolean failed = cli.run(args).isPresent();
        return new CommandRun(failed, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
