package dev.pinion.testing;

import dev.pinion.PinionApplication;
import dev.pinion.PinionConfiguration;
import dev.pinion.cli.PinionServerCommand;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/** The real application, started from a {@link TestNode}'s config file, for JUnit 5 tests. */
public final class PinionApp {
    private PinionApp() {}

    public static DropwizardAppExtension<PinionConfiguration> of(TestNode node) {
        return new DropwizardAppExtension<>(
                PinionApplication.class, node.configPath(), null, null, PinionServerCommand::new);
    }
}
