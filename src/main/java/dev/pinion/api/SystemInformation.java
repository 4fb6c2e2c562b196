package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The bodies of {@code GET /api/system}: the plain shape and the {@code ?v=2} shape. */
public final class SystemInformation {
    private SystemInformation() {}

    /** What the Panel's admin pages read. */
    @JsonPropertyOrder({"architecture", "cpu_count", "kernel_version", "os", "version"})
    public record V1(
            @JsonProperty("architecture") String architecture,
            @JsonProperty("cpu_count") int cpuCount,
            @JsonProperty("kernel_version") String kernelVersion,
            @JsonProperty("os") String os,
            @JsonProperty("version") String version) {}

    /** What the Panel's telemetry reads. */
    public record V2(
            @JsonProperty("version") String version,
            @JsonProperty("docker") Docker docker,
            @JsonProperty("system") HostSystem system) {}

    public record Docker(
            @JsonProperty("version") String version,
            @JsonProperty("cgroups") Cgroups cgroups,
            @JsonProperty("containers") Containers containers,
            @JsonProperty("storage") Storage storage,
            @JsonProperty("runc") Runc runc) {}

    public record Cgroups(
            @JsonProperty("driver") String driver,
            @JsonProperty("version") String version) {}

    public record Containers(
            @JsonProperty("total") int total,
            @JsonProperty("running") int running,
            @JsonProperty("paused") int paused,
            @JsonProperty("stopped") int stopped) {}

    public record Storage(
            @JsonProperty("driver") String driver,
            @JsonProperty("filesystem") String filesystem) {}

    public record Runc(@JsonProperty("version") String version) {}

    public record HostSystem(
            @JsonProperty("architecture") String architecture,
            @JsonProperty("cpu_threads") int cpuThreads,
            @JsonProperty("memory_bytes") long memoryBytes,
            @JsonProperty("kernel_version") String kernelVersion,
            @JsonProperty("os") String os,
            @JsonProperty("os_type") String osType) {}
}
