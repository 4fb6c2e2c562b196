package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's {@code settings} as the Panel sends them (spec wings-to-panel-and-config.md A4).
 * Environment values stay JSON nodes because the Panel sends strings, integers or null and Wings
 * renders each kind differently in the container environment.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServerSettings(
        @JsonProperty("uuid") String uuid,
        @JsonProperty("meta") Meta meta,
        @JsonProperty("suspended") boolean suspended,
        @JsonProperty("environment") Map<String, JsonNode> environment,
        @JsonProperty("invocation") String invocation,
        @JsonProperty("skip_egg_scripts") boolean skipEggScripts,
        @JsonProperty("build") Build build,
        @JsonProperty("container") Container container,
        @JsonProperty("allocations") Allocations allocations,
        @JsonProperty("mounts") List<Mount> mounts,
        @JsonProperty("egg") Egg egg,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("crash_detection_enabled") Boolean crashDetectionEnabled) {

    public ServerSettings {
        meta = meta == null ? new Meta("", "") : meta;
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        invocation = invocation == null ? "" : invocation;
        build = build == null ? new Build(0, 0, 0, 0, null, 0, false) : build;
        container = container == null ? new Container("", null, false) : container;
        allocations = allocations == null ? new Allocations(false, new Allocation("", 0), Map.of()) : allocations;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        egg = egg == null ? new Egg("", List.of()) : egg;
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        // Wings enables crash detection unless the settings say otherwise; this Panel never sends it.
        crashDetectionEnabled = crashDetectionEnabled == null ? Boolean.TRUE : crashDetectionEnabled;
    }

    /** {@code meta}: informational name and description (description may be empty). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Meta(
            @JsonProperty("name") String name,
            @JsonProperty("description") String description) {
        public Meta {
            name = name == null ? "" : name;
            description = description == null ? "" : description;
        }
    }

    /**
     * {@code build}: resource limits. Memory, swap and disk are MiB (0 = unlimited, swap -1 =
     * unlimited); cpu_limit is percent of one core; threads is a cpuset string or null.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Build(
            @JsonProperty("memory_limit") long memoryLimit,
            @JsonProperty("swap") long swap,
            @JsonProperty("io_weight") long ioWeight,
            @JsonProperty("cpu_limit") long cpuLimit,
            @JsonProperty("threads") String threads,
            @JsonProperty("disk_space") long diskSpace,
            @JsonProperty("oom_disabled") boolean oomDisabled) {}

    /** {@code container}: the image; the other two keys are deprecated and ignored by Wings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Container(
            @JsonProperty("image") String image,
            @JsonProperty("oom_disabled") Boolean oomDisabled,
            @JsonProperty("requires_rebuild") boolean requiresRebuild) {}

    /** {@code allocations}: the primary allocation and every IP → ports mapping on this node. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Allocations(
            @JsonProperty("force_outgoing_ip") boolean forceOutgoingIp,
            @JsonProperty("default") Allocation defaultAllocation,

            @JsonProperty("mappings") @JsonDeserialize(using = PortMappingsDeserializer.class)
            Map<String, List<Integer>> mappings) {
        public Allocations {
            defaultAllocation = defaultAllocation == null ? new Allocation("", 0) : defaultAllocation;
            mappings = mappings == null ? Map.of() : mappings;
        }
    }

    /** One IP and port. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Allocation(
            @JsonProperty("ip") String ip,
            @JsonProperty("port") int port) {}

    /** One extra bind mount; Wings only honours it when the source is under an allowed mount. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(
            @JsonProperty("source") String source,
            @JsonProperty("target") String target,
            @JsonProperty("read_only") boolean readOnly) {}

    /** {@code egg}: its uuid and its file denylist (gitignore patterns; null from the Panel → empty). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Egg(
            @JsonProperty("id") String id,
            @JsonProperty("file_denylist") List<String> fileDenylist) {
        public Egg {
            fileDenylist = fileDenylist == null ? List.of() : List.copyOf(fileDenylist);
        }
    }
}
