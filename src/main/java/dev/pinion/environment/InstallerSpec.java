package dev.pinion.environment;

import java.util.List;
import java.util.Map;

/**
 * A one-off container that runs a server's install script (spec server-lifecycle-docker.md §5.4).
 * The engine adds the isolation every Pinion container gets (PID limit from {@code limits}, dropped
 * capabilities, no-new-privileges, never privileged — CVE-2023-32080), but leaves the root
 * filesystem writable: install scripts install packages into their image.
 *
 * @param name        the container name, {@code <uuid>_installer}
 * @param hostname    the hostname inside the container ({@code installer})
 * @param user        "uid:gid", or empty to run as the image's user (root for the installer images)
 * @param image       the installer image
 * @param cmd         the command: the egg's entrypoint and the script path; the image's ENTRYPOINT is kept
 * @param env         "KEY=value" entries in order
 * @param labels      the container labels
 * @param mounts      bind mounts (the server's data directory and the script directory)
 * @param tmpfsSizeMb size of the tmpfs at /tmp
 * @param limits      the resource limits
 * @param dns         DNS servers
 * @param logDriver   the log driver type, empty for the engine's default
 * @param logOptions  the log driver options
 * @param networkMode the network to join
 * @param usernsMode  the user-namespace mode, empty for the engine's default
 */
public record InstallerSpec(
        String name,
        String hostname,
        String user,
        String image,
        List<String> cmd,
        List<String> env,
        Map<String, String> labels,
        List<ContainerSpec.BindMount> mounts,
        long tmpfsSizeMb,
        ContainerSpec.ResourceLimits limits,
        List<String> dns,
        String logDriver,
        Map<String, String> logOptions,
        String networkMode,
        String usernsMode) {}
