package dev.pinion.cli;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import java.util.Arrays;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command, except that a configuration that cannot be used stops
 * start-up with a one-line reason instead of a stack trace.
 */
public final class PinionServerCommand<T extends Configuration> extends ServerCommand<T> {
    public PinionServerCommand(Application<T> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof ConfigurationException)) {
            cause = cause.getCause();
        }
        if (cause == null) {
            super.onError(cli, namespace, e);
            return;
        }
        cli.getStdErr().println("Pinion cannot start: " + oneLine(cause.getMessage()));
    }

    /** Dropwizard's multi-line message ("x has an error:\n  * ...") folded onto one line. */
    static String oneLine(String message) {
        return Arrays.stream(message.split("\\R"))
                .map(String::trim)
                .filter(line -> !line.isEmpty())
                .filter(line -> !line.startsWith("at [Source") && !line.startsWith("(through reference chain"))
                .map(line -> line.startsWith("* ") ? line.substring(2) : line)
                .collect(Collectors.joining(" "))
                .replace(" has an error: ", ": ");
    }
}
