package dev.pinion.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node configuration on a real disk for tests: every directory inside one temporary folder,
 * both listeners on free loopback ports, and whatever extra YAML a test appends.
 */
public final class TestNode {
    public static final String TOKEN = "TestNodeToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP";
    public static final String TOKEN_ID = "TestTokenId01234";
    // A loopback port nothing listens on: the Panel probe fails at once instead of waiting on DNS.
    public static final String PANEL = "http://127.0.0.1:1";

    private final Path root;
    private final Path configFile;

    private TestNode(Path root, Path configFile) {
        this.root = root;
        this.configFile = configFile;
    }

    /** A node whose config.yml holds the base settings plus {@code extraYaml} (top-level keys). */
    public static TestNode create(String extraYaml) {
        try {
            Path root = Files.createTempDirectory("pinion-node-");
            Path config = root.resolve("config.yml");
            Files.writeString(config, baseYaml(root, extraYaml));
            return new TestNode(root, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestNode create() {
        return create("");
    }

    private static String baseYaml(Path root, String extraYaml) {
        String yaml = """
                uuid: 11111111-2222-4333-8444-555555555555
                token_id: %s
                token: %s
                remote: %s
                system:
                  root_directory: %s/lib
                  log_directory: %s/log
                  data: %s/lib/volumes
                  archive_directory: %s/lib/archives
                  backup_directory: %s/lib/backups
                  tmp_directory: %s/tmp
                  sftp:
                    bind_address: 127.0.0.1
                    bind_port: 0
                """.formatted(TOKEN_ID, TOKEN, PANEL, root, root, root, root, root, root);
        boolean overridesApi = extraYaml.lines().anyMatch(l -> l.startsWith("api:"));
        boolean overridesPinion = extraYaml.lines().anyMatch(l -> l.startsWith("pinion:"));
        if (!overridesApi) {
            yaml += "api:\n  host: 127.0.0.1\n  port: 0\n";
        }
        if (!overridesPinion) {
            yaml += "pinion:\n  admin:\n    port: 0\n";
        }
        return yaml + extraYaml;
    }

    public Path root() {
        return root;
    }

    public String configPath() {
        return configFile.toString();
    }

    public Path configFile() {
        return configFile;
    }
}
