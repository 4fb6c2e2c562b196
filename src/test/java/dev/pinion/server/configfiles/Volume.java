package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.FilesystemSettings;
import dev.pinion.filesystem.Ownership;
import dev.pinion.filesystem.ServerFilesystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A server volume in a temporary directory, with the applier and the template values tests use. */
final class Volume {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The settings document of server-lifecycle-docker.md §1.1, as the Panel sends it. */
    static final String SETTINGS = """
      {
        "uuid": "d3aac109-e5a0-4331-b03e-3454f7e136dc",
        "meta": { "name": "Survival", "description": "" },
        "suspended": false,
        "environment": {
          "SERVER_JARFILE": "server.jar",
          "MINECRAFT_VERSION": "latest",
          "STARTUP": "java -Xms128M -XX:MaxRAMPercentage=95.0 -jar {{SERVER_JARFILE}}",
          "P_SERVER_LOCATION": "de",
          "P_SERVER_UUID": "d3aac109-e5a0-4331-b03e-3454f7e136dc",
          "P_SERVER_ALLOCATION_LIMIT": 0
        },
        "invocation": "java -Xms128M -XX:MaxRAMPercentage=95.0 -jar {{SERVER_JARFILE}}",
        "skip_egg_scripts": false,
        "build": {
          "memory_limit": 1024, "swap": 0, "io_weight": 500, "cpu_limit": 200,
          "threads": null, "disk_space": 5000, "oom_disabled": true
        },
        "container": { "image": "ghcr.io/pterodactyl/yolks:java_17", "oom_disabled": true, "requires_rebuild": false },
        "allocations": {
          "force_outgoing_ip": false,
          "default": { "ip": "0.0.0.0", "port": 25565 },
          "mappings": { "0.0.0.0": [25565, 25566], "127.0.0.1": [25575] }
        },
        "mounts": [],
        "egg": { "id": "9ac39f3d-0c34-4d93-8174-c52ab9e6c57b", "file_denylist": [] }
      }
      """;

    static final ServerTemplateValues SERVER = new ServerTemplateValues(
            json(SETTINGS),
            Map.of(
                    "SERVER_JARFILE",
                    "server.jar",
                    "MOTD",
                    "Tom & Jerry's <server>",
                    "MAX_PLAYERS",
                    "16",
                    "P_SERVER_ALLOCATION_LIMIT",
                    "0"));

    static final NodeTemplateValues NODE = new NodeTemplateValues("172.18.0.1");

    final Path root;
    final ConfigFileApplier applier;

    Volume(Path root) {
        this(root, new ConfigFileApplier(Volume.filesystem(root)));
    }

    /** The server's confined filesystem over {@code root} (no quota walks), as pre-boot uses it. */
    static ServerFilesystem filesystem(Path root) {
        return new ServerFilesystem(
                new FilesystemSettings(
                        root, root.resolveSibling(".pinion-staging"), 0, Duration.ZERO, Ownership.none(), 1),
                Denylist.empty(),
                Clock.systemUTC(),
                Runnable::run);
    }

    Volume(Path root, ConfigFileApplier applier) {
        this.root = root;
        this.applier = applier;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Volume write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    String read(String name) throws IOException {
        return Files.readString(root.resolve(name), StandardCharsets.UTF_8);
    }

    byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(root.resolve(name));
    }

    /** Applies a {@code configs} list given as JSON text. */
    List<ConfigFileResult> apply(String configs) {
        return applier.applyAll(json(configs), SERVER, NODE);
    }

    /** Applies one config entry and returns its single result. */
    ConfigFileResult applyOne(String entry) {
        List<ConfigFileResult> results = apply("[" + entry + "]");
        if (results.size() != 1) {
            throw new AssertionError("expected one result, got " + results);
        }
        return results.get(0);
    }
}
