package dev.pinion;

import io.dropwizard.core.Configuration;

/** The configuration file: Wings' config.yml keys plus Dropwizard's optional sections. */
public class PinionConfiguration extends Configuration {
}
