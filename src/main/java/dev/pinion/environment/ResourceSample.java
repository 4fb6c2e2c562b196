package dev.pinion.environment;

/**
 * One resource sample of a running container, computed as Wings computes it
 * (spec server-lifecycle-docker.md §2.7).
 *
 * @param memoryBytes      usage minus inactive file cache
 * @param memoryLimitBytes the memory limit the engine reports
 * @param cpuAbsolute      percent of one core (100 = one full core), rounded to 3 decimals
 * @param rxBytes          cumulative bytes received over all networks
 * @param txBytes          cumulative bytes sent over all networks
 * @param uptimeDeltaMillis this sample's read time minus the previous read time, in ms (0 for the first sample)
 */
public record ResourceSample(
        long memoryBytes,
        long memoryLimitBytes,
        double cpuAbsolute,
        long rxBytes,
        long txBytes,
        long uptimeDeltaMillis) {}
