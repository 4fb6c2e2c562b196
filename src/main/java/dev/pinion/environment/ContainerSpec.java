package dev.pinion.environment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to create a server's container exactly as Wings creates it
 * (spec server-lifecycle-docker.md §2.3). Built by the server package from the Panel's
 * configuration and the node's; the environment only turns it into engine calls.
 *
 * @param name        the container name, which is also its hostname: the server UUID
 * @param domainname  {@code docker.domainname}
 * @param user        "uid:gid", numeric
 * @param image       the image reference, with any leading '~' already removed
 * @param pullImage   false for images configured with a leading '~' (local only, never pulled)
 * @param env         "KEY=value" entries in order
 * @param labels      the container labels (Service and ContainerType included)
 * @param ports       port bindings; every key of the map "port/proto" is also exposed, even with no binding
 * @param mounts      bind mounts, the server's data directory first
 * @param tmpfsSizeMb size of the tmpfs at /tmp
 * @param limits      the resource limits (also applied in place on sync)
 * @param dns         DNS servers
 * @param logDriver   the log driver type, empty for the engine's default
 * @param logOptions  the log driver options
 * @param networkMode the network to join
 * @param usernsMode  the user-namespace mode, empty for the engine's default
 */
public record ContainerSpec(
        String name,
        String domainname,
        String user,
        String image,
        boolean pullImage,
        List<String> env,
        Map<String, String> labels,
        Map<String, List<HostBinding>> ports,
        List<BindMount> mounts,
        long tmpfsSizeMb,
        ResourceLimits limits,
        List<String> dns,
        String logDriver,
        Map<String, String> logOptions,
        String networkMode,
        String usernsMode) {

    /** One host address and port a container port is published on. */
    public record HostBinding(String hostIp, String hostPort) {}

    /** A host directory mounted into the container. */
    public record BindMount(String source, String target, boolean readOnly) {}

    /**
     * Resource limits in Docker's units (bytes, microseconds). Empty optionals are not sent to
     * the engine at all (sending CPU fields as 0 breaks Java's processor detection, panel #3988).
     */
    public record ResourceLimits(
            long memoryBytes,
            long memoryReservationBytes,
            long memorySwapBytes,
            Optional<Long> cpuQuota,
            Optional<Long> cpuPeriod,
            Optional<Integer> cpuShares,
            Optional<String> cpusetCpus,
            int blkioWeight,
            boolean oomKillDisable,
            long pidsLimit) {}
}
