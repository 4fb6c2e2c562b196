package dev.pinion.environment;

/** What the container engine reports about itself, as {@code GET /api/system?v=2} shows it. */
public record EngineFacts(
        String version,
        String apiVersion,
        String cgroupDriver,
        String cgroupVersion,
        int containersTotal,
        int containersRunning,
        int containersPaused,
        int containersStopped,
        String storageDriver,
        String backingFilesystem,
        String runcVersion,
        long memoryBytes,
        String operatingSystem) {}
