package dev.pinion.environment.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the host's cgroups can honour a container block-IO weight, judged from the cgroup
 * filesystem as the Pelican fork does: on cgroup v2 an {@code io.weight} file must exist (else runc
 * fails the create); on cgroup v1 a {@code blkio.weight} (CFQ) or {@code blkio.bfq.weight} file.
 * Without one, Docker would only discard the weight with a warning, so it is not sent at all.
 */
final class BlkioWeightSupport {
    private BlkioWeightSupport() {}

    static boolean onHost() {
        return probe(Path.of("/sys/fs/cgroup"));
    }

    static boolean probe(Path cgroupRoot) {
        if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
            return Files.exists(cgroupRoot.resolve("system.slice/io.weight"))
                    || Files.exists(cgroupRoot.resolve("io.weight"));
        }
        Path blkio = cgroupRoot.resolve("blkio");
        return Files.exists(blkio.resolve("blkio.weight")) || Files.exists(blkio.resolve("blkio.bfq.weight"));
    }
}
