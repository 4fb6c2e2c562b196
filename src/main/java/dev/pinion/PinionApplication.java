package dev.pinion;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Environment;

/** Pinion's entry point: wires bundles, resources, filters, health checks and commands. */
public class PinionApplication extends Application<PinionConfiguration> {
    public static void main(String[] args) throws Exception {
        new PinionApplication().run(args);
    }

    @Override
    public void run(PinionConfiguration configuration, Environment environment) {
    }
}
