package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code config.files} blocks of the Panel's seeded eggs, turned into {@code configs} the way
 * the Panel shapes them (server-lifecycle-docker.md §4.1 wire format) but with every placeholder left
 * in: the node resolves them and must write what a Panel-templated payload would have produced.
 */
class RealEggBlocksTest {
    @TempDir
    Path root;

    private static JsonNode egg(String name) throws Exception {
        try (InputStream in = RealEggBlocksTest.class.getResourceAsStream("/configfiles/" + name)) {
            return Volume.JSON.readTree(in);
        }
    }

    /** The Panel's shape: one entry per file; an if_value object yields one replacement per key. */
    private static ArrayNode configs(JsonNode files) {
        ArrayNode configs = JsonNodeFactory.instance.arrayNode();
        files.properties().forEach(file -> {
            ObjectNode entry = configs.addObject();
            entry.put("parser", file.getValue().path("parser").asText());
            entry.put("file", file.getKey());
            ArrayNode replace = entry.putArray("replace");
            file.getValue().path("find").properties().forEach(find -> {
                if (find.getValue().isObject()) {
                    find.getValue()
                            .properties()
                            .forEach(cond -> replace.addObject()
                                    .put("match", find.getKey())
                                    .put("if_value", cond.getKey())
                                    .set("replace_with", cond.getValue()));
                } else {
                    replace.addObject().put("match", find.getKey()).set("replace_with", find.getValue());
                }
            });
        });
        return configs;
    }

    private static ServerTemplateValues serverOnPort(int port, Map<String, String> environment) {
        ObjectNode settings = Volume.json(Volume.SETTINGS).deepCopy();
        ((ObjectNode) settings.path("allocations").path("default")).put("port", port);
        return new ServerTemplateValues(settings, environment);
    }

    @Test
    void bungeecordEggBlockGivesTheSameFileAsThePanelTemplatedPayload() throws Exception {
        Volume volume = new Volume(root).write("config.yml", YamlParserTest.BUNGEE_BEFORE);
        ConfigFileApplier applier = new ConfigFileApplier(Volume.filesystem(root));

        var results = applier.applyAll(
                configs(egg("egg-bungeecord.config-files.json")), serverOnPort(25577, Map.of()), Volume.NODE);

        assertThat(results).extracting(ConfigFileResult::outcome).containsExactly(Outcome.UPDATED);
        Volume expected = new Volume(root.resolve("expected"));
        Files.createDirectories(expected.root);
        expected.write("config.yml", YamlParserTest.BUNGEE_BEFORE).applyOne(YamlParserTest.BUNGEE);
        assertThat(volume.read("config.yml"))
                .isEqualTo(expected.read("config.yml"))
                .contains("address: 172.18.0.1:25565");
    }

    @Test
    void paperEggBlockSetsTheAllocationPort() throws Exception {
        Volume volume = new Volume(root)
                .write(
                        "server.properties",
                        "#Minecraft server properties\nserver-ip=\nserver-port=25565\nquery.port=25565\n");
        ConfigFileApplier applier = new ConfigFileApplier(Volume.filesystem(root));

        applier.applyAll(configs(egg("egg-paper.config-files.json")), serverOnPort(25566, Map.of()), Volume.NODE);

        assertThat(volume.read("server.properties"))
                .isEqualTo("#Minecraft server properties\nserver-ip=0.0.0.0\nserver-port=25566\nquery.port=25565\n");
    }

    @Test
    void mumbleEggBlockWritesTheIniAsGoIniDoes() throws Exception {
        // go-ini writes an empty value after " = " too, hence "database = " with a trailing space.
        Volume volume = new Volume(root).write("murmur.ini", "; Murmur\ndatabase=\nport = 30033\nusers=10\n");
        ConfigFileApplier applier = new ConfigFileApplier(Volume.filesystem(root));

        applier.applyAll(
                configs(egg("egg-mumble-server.config-files.json")),
                serverOnPort(64738, Map.of("MAX_USERS", "100")),
                Volume.NODE);

        assertThat(volume.read("murmur.ini")).isEqualTo("""
        ; Murmur
        database =\s
        port     = 64738
        users    = 100
        logfile  = murmur.log
        host     = 0.0.0.0

        """);
    }
}
