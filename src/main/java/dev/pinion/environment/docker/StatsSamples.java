package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.environment.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Turns one object of Docker's stats stream into a {@link ResourceSample}, with Wings' formulas (spec §2.7). */
final class StatsSamples {
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private StatsSamples() {}

    static ResourceSample from(JsonNode stats) {
        JsonNode memory = stats.path("memory_stats");
        long rx = 0;
        long tx = 0;
        for (JsonNode network : stats.path("networks")) {
            rx += network.path("rx_bytes").asLong();
            tx += network.path("tx_bytes").asLong();
        }
        return new ResourceSample(
                memoryBytes(memory),
                memory.path("limit").asLong(),
                cpuAbsolute(stats.path("precpu_stats"), stats.path("cpu_stats")),
                rx,
                tx,
                uptimeDelta(stats));
    }

    /** The docker CLI's formula: usage minus inactive file cache (cgroup v1 total_inactive_file, v2 inactive_file). */
    static long memoryBytes(JsonNode memory) {
        long usage = memory.path("usage").asLong();
        JsonNode counters = memory.path("stats");
        JsonNode totalInactive = counters.get("total_inactive_file");
        if (totalInactive != null && Long.compareUnsigned(totalInactive.asLong(), usage) < 0) {
            return usage - totalInactive.asLong();
        }
        long inactive = counters.path("inactive_file").asLong();
        if (Long.compareUnsigned(inactive, usage) < 0) {
            return usage - inactive;
        }
        return usage;
    }

    /** Percent of one core (100 = one full core), not capped by the CPU limit, rounded to 3 decimals. */
    static double cpuAbsolute(JsonNode previous, JsonNode current) {
        double cpuDelta = current.path("cpu_usage").path("total_usage").asDouble()
                - previous.path("cpu_usage").path("total_usage").asDouble();
        double systemDelta = current.path("system_cpu_usage").asDouble()
                - previous.path("system_cpu_usage").asDouble();
        double cpus = current.path("online_cpus").asDouble();
        if (cpus == 0.0) {
            cpus = current.path("cpu_usage").path("percpu_usage").size();
        }
        double percent = 0.0;
        if (systemDelta > 0.0 && cpuDelta > 0.0) {
            percent = cpuDelta / systemDelta * 100.0;
            if (cpus > 0) {
                percent *= cpus;
            }
        }
        // Go's math.Round: half away from zero; percent is never negative here.
        return Math.floor(percent * 1000 + 0.5) / 1000;
    }

    /** False for the empty objects Docker sends for a container that is not running (read at Go's zero time). */
    static boolean isLive(JsonNode stats) {
        Instant read = instant(stats.path("read").asText(""));
        return read != null && read.isAfter(GO_ZERO_TIME);
    }

    /** read − preread in ms; 0 when preread is Go's zero time (the first sample of a stream). */
    static long uptimeDelta(JsonNode stats) {
        Instant read = instant(stats.path("read").asText(""));
        Instant preread = instant(stats.path("preread").asText(""));
        if (read == null || preread == null || !preread.isAfter(GO_ZERO_TIME)) {
            return 0;
        }
        // Go's Duration.Milliseconds truncates toward zero, as toMillis does.
        return Duration.between(preread, read).toMillis();
    }

    private static Instant instant(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
