package dev.pinion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Builds a server configuration document ({@code {settings, process_configuration}}) shaped exactly
 * as the Panel's ServerConfigurationStructureService and EggConfigurationService produce it (spec
 * wings-to-panel-and-config.md A4). Defaults are the spec's Minecraft example; every setter changes
 * one field. Each call to {@link #build()} returns a fresh copy.
 */
public final class ServerConfigBuilder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode settings = JSON.objectNode();
    private final ObjectNode process = JSON.objectNode();

    private ServerConfigBuilder(String uuid) {
        settings.put("uuid", uuid);
        settings.putObject("meta").put("name", "Survival").put("description", "Main world");
        settings.put("suspended", false);
        ObjectNode env = settings.putObject("environment");
        env.put("SERVER_JARFILE", "server.jar");
        env.put("MINECRAFT_VERSION", "latest");
        env.put("STARTUP", "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}");
        env.put("P_SERVER_LOCATION", "de");
        env.put("P_SERVER_UUID", uuid);
        env.put("P_SERVER_ALLOCATION_LIMIT", 0);
        settings.put("invocation", "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}");
        settings.put("skip_egg_scripts", false);
        ObjectNode build = settings.putObject("build");
        build.put("memory_limit", 2048)
                .put("swap", 0)
                .put("io_weight", 500)
                .put("cpu_limit", 200)
                .putNull("threads");
        build.put("disk_space", 10240).put("oom_disabled", true);
        settings.putObject("container")
                .put("image", "ghcr.io/pterodactyl/yolks:java_17")
                .put("oom_disabled", true)
                .put("requires_rebuild", false);
        ObjectNode allocations = settings.putObject("allocations");
        allocations.put("force_outgoing_ip", false);
        allocations.putObject("default").put("ip", "0.0.0.0").put("port", 25565);
        allocations.putObject("mappings").putArray("0.0.0.0").add(25565);
        settings.putArray("mounts");
        ObjectNode egg = settings.putObject("egg");
        egg.put("id", "9ac39f3d-0c34-4d93-8174-c52ab9e6c57b");
        egg.putArray("file_denylist");

        ObjectNode startup = process.putObject("startup");
        startup.putArray("done").add(")! For help, type ");
        startup.putArray("user_interaction");
        startup.put("strip_ansi", false);
        process.putObject("stop").put("type", "command").put("value", "stop");
        ArrayNode configs = process.putArray("configs");
        ObjectNode properties = configs.addObject();
        properties.put("parser", "properties").put("file", "server.properties");
        ArrayNode replace = properties.putArray("replace");
        replace.addObject().put("match", "server-ip").put("replace_with", "0.0.0.0");
        replace.addObject().put("match", "server-port").put("replace_with", "25565");
        replace.addObject().put("match", "query.port").put("replace_with", "25565");
    }

    /** A server with a random uuid. */
    public static ServerConfigBuilder server() {
        return server(UUID.randomUUID().toString());
    }

    /** A server with this uuid. */
    public static ServerConfigBuilder server(String uuid) {
        return new ServerConfigBuilder(uuid);
    }

    public String uuid() {
        return settings.get("uuid").asText();
    }

    public ServerConfigBuilder name(String name) {
        ((ObjectNode) settings.get("meta")).put("name", name);
        return this;
    }

    public ServerConfigBuilder description(String description) {
        ((ObjectNode) settings.get("meta")).put("description", description);
        return this;
    }

    public ServerConfigBuilder suspended(boolean suspended) {
        settings.put("suspended", suspended);
        return this;
    }

    /** Adds or replaces an egg variable; the Panel sends strings, integers or null. */
    public ServerConfigBuilder env(String name, Object value) {
        ((ObjectNode) settings.get("environment")).set(name, MAPPER.valueToTree(value));
        return this;
    }

    /** The startup command with {@code {{VAR}}} placeholders; also mirrored into STARTUP as the Panel does. */
    public ServerConfigBuilder invocation(String invocation) {
        settings.put("invocation", invocation);
        ((ObjectNode) settings.get("environment")).put("STARTUP", invocation);
        return this;
    }

    public ServerConfigBuilder skipEggScripts(boolean skip) {
        settings.put("skip_egg_scripts", skip);
        return this;
    }

    public ServerConfigBuilder memory(long mib) {
        limits().put("memory_limit", mib);
        return this;
    }

    public ServerConfigBuilder swap(long mib) {
        limits().put("swap", mib);
        return this;
    }

    public ServerConfigBuilder ioWeight(long weight) {
        limits().put("io_weight", weight);
        return this;
    }

    public ServerConfigBuilder cpuLimit(long percent) {
        limits().put("cpu_limit", percent);
        return this;
    }

    /** A cpuset such as {@code "0-1,3"}, or null for none. */
    public ServerConfigBuilder threads(String cpuset) {
        if (cpuset == null) {
            limits().putNull("threads");
        } else {
            limits().put("threads", cpuset);
        }
        return this;
    }

    public ServerConfigBuilder disk(long mib) {
        limits().put("disk_space", mib);
        return this;
    }

    public ServerConfigBuilder oomDisabled(boolean disabled) {
        limits().put("oom_disabled", disabled);
        ((ObjectNode) settings.get("container")).put("oom_disabled", disabled);
        return this;
    }

    public ServerConfigBuilder image(String image) {
        ((ObjectNode) settings.get("container")).put("image", image);
        return this;
    }

    public ServerConfigBuilder forceOutgoingIp(boolean force) {
        allocations().put("force_outgoing_ip", force);
        return this;
    }

    /** Replaces every allocation with this primary one (also the only mapping). */
    public ServerConfigBuilder allocation(String ip, int port) {
        allocations().putObject("default").put("ip", ip).put("port", port);
        ObjectNode mappings = allocations().putObject("mappings");
        mappings.putArray(ip).add(port);
        return this;
    }

    /** Adds a secondary allocation to the mappings. */
    public ServerConfigBuilder additionalAllocation(String ip, int port) {
        ObjectNode mappings = (ObjectNode) allocations().get("mappings");
        ArrayNode ports = mappings.has(ip) ? (ArrayNode) mappings.get(ip) : mappings.putArray(ip);
        ports.add(port);
        return this;
    }

    public ServerConfigBuilder mount(String source, String target, boolean readOnly) {
        ((ArrayNode) settings.get("mounts"))
                .addObject()
                .put("source", source)
                .put("target", target)
                .put("read_only", readOnly);
        return this;
    }

    public ServerConfigBuilder eggId(String eggUuid) {
        ((ObjectNode) settings.get("egg")).put("id", eggUuid);
        return this;
    }

    /** The egg's file denylist; pass null to send JSON null as the Panel does for inherited eggs. */
    public ServerConfigBuilder fileDenylist(String... patterns) {
        ObjectNode egg = (ObjectNode) settings.get("egg");
        if (patterns == null) {
            egg.putNull("file_denylist");
        } else {
            ArrayNode list = egg.putArray("file_denylist");
            for (String p : patterns) {
                list.add(p);
            }
        }
        return this;
    }

    /** A container label (Wings accepts {@code labels}; this Panel never sends it). */
    public ServerConfigBuilder label(String key, String value) {
        ObjectNode labels = settings.has("labels") ? (ObjectNode) settings.get("labels") : settings.putObject("labels");
        labels.put(key, value);
        return this;
    }

    /** Sets any settings key to any JSON, e.g. a key a newer Panel adds. */
    public ServerConfigBuilder settingsField(String key, JsonNode value) {
        settings.set(key, value);
        return this;
    }

    /** The startup "done" lines ({@code regex:} prefix for a regular expression). */
    public ServerConfigBuilder done(String... lines) {
        ArrayNode done = startup().putArray("done");
        for (String line : lines) {
            done.add(line);
        }
        return this;
    }

    public ServerConfigBuilder stripAnsi(boolean strip) {
        startup().put("strip_ansi", strip);
        return this;
    }

    /** The stop configuration: type {@code command}, {@code signal} or {@code stop}, and its value. */
    public ServerConfigBuilder stop(String type, String value) {
        process.putObject("stop").put("type", type).put("value", value);
        return this;
    }

    /** Removes every configuration file entry. */
    public ServerConfigBuilder noConfigs() {
        process.putArray("configs");
        return this;
    }

    /** Adds a configuration file entry, given as its JSON (e.g. {@code {"parser":"yaml","file":…,"replace":[…]}}). */
    public ServerConfigBuilder config(String json) {
        try {
            ((ArrayNode) process.get("configs")).add(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sets any process_configuration key to any JSON. */
    public ServerConfigBuilder processField(String key, JsonNode value) {
        process.set(key, value);
        return this;
    }

    /** A copy of {@code settings}. */
    public ObjectNode settings() {
        return settings.deepCopy();
    }

    /** A copy of {@code process_configuration}. */
    public ObjectNode processConfiguration() {
        return process.deepCopy();
    }

    /** The GET /servers/{uuid} body: {@code {settings, process_configuration}}. */
    public ObjectNode build() {
        ObjectNode root = JSON.objectNode();
        root.set("settings", settings.deepCopy());
        root.set("process_configuration", process.deepCopy());
        return root;
    }

    private ObjectNode limits() {
        return (ObjectNode) settings.get("build");
    }

    private ObjectNode allocations() {
        return (ObjectNode) settings.get("allocations");
    }

    private ObjectNode startup() {
        return (ObjectNode) process.get("startup");
    }
}
