package dev.pinion.config;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens the configuration file for Dropwizard and remembers where it was, so that updates pushed
 * by the Panel are written back to the same file.
 */
public final class ConfigFileLocation implements ConfigurationSourceProvider {
    private final ConfigurationSourceProvider delegate = new FileConfigurationSourceProvider();
    private final AtomicReference<Path> opened = new AtomicReference<>();

    @Override
    public InputStream open(String path) throws IOException {
        InputStream stream = delegate.open(path);
        opened.set(Path.of(path).toAbsolutePath());
        return stream;
    }

    /** The file the configuration was read from; empty when it came from elsewhere. */
    public Optional<Path> path() {
        return Optional.ofNullable(opened.get());
    }
}
