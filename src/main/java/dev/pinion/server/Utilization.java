package dev.pinion.server;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A server's resource usage as Wings reports it in {@code GET /api/servers/:server} and the
 * {@code stats} event (spec server-lifecycle-docker.md §2.7).
 */
public record Utilization(
        @JsonProperty("memory_bytes") long memoryBytes,
        @JsonProperty("memory_limit_bytes") long memoryLimitBytes,
        @JsonProperty("cpu_absolute") double cpuAbsolute,
        @JsonProperty("network") Network network,
        @JsonProperty("uptime") long uptime,
        @JsonProperty("state") ServerState state,
        @JsonProperty("disk_bytes") long diskBytes) {

    /** Cumulative network counters. */
    public record Network(
            @JsonProperty("rx_bytes") long rxBytes,
            @JsonProperty("tx_bytes") long txBytes) {}

    /** Offline: everything but the disk usage back to zero. */
    public static Utilization offline(long diskBytes) {
        return new Utilization(0, 0, 0, new Network(0, 0), 0, ServerState.OFFLINE, diskBytes);
    }

    public Utilization withState(ServerState newState) {
        return new Utilization(memoryBytes, memoryLimitBytes, cpuAbsolute, network, uptime, newState, diskBytes);
    }

    public Utilization withDisk(long bytes) {
        return new Utilization(memoryBytes, memoryLimitBytes, cpuAbsolute, network, uptime, state, bytes);
    }
}
