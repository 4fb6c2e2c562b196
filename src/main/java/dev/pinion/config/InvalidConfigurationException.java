package dev.pinion.config;

import io.dropwizard.configuration.ConfigurationException;
import java.util.List;

/** A configuration file that parsed but holds values Pinion cannot run with. */
public final class InvalidConfigurationException extends ConfigurationException {
    public InvalidConfigurationException(String path, List<String> problems) {
        super(path, problems);
    }
}
