package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BlkioWeight is only sent where the cgroup hierarchy has a weight file (spec §2.3, fork addition). */
class BlkioWeightSupportTest {

    @Test
    void cgroupV2WithIoWeightInSystemSliceIsSupported(@TempDir Path root) throws IOException {
        Files.createFile(root.resolve("cgroup.controllers"));
        Files.createDirectories(root.resolve("system.slice"));
        Files.createFile(root.resolve("system.slice/io.weight"));
        assertThat(BlkioWeightSupport.probe(root)).isTrue();
    }

    @Test
    void cgroupV2WithoutIoWeightIsNotSupported(@TempDir Path root) throws IOException {
        Files.createFile(root.resolve("cgroup.controllers"));
        assertThat(BlkioWeightSupport.probe(root)).isFalse();
    }

    @Test
    void cgroupV1WithBlkioWeightIsSupported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("blkio"));
        Files.createFile(root.resolve("blkio/blkio.weight"));
        assertThat(BlkioWeightSupport.probe(root)).isTrue();
    }

    @Test
    void cgroupV1WithoutAWeightFileIsNotSupported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("blkio"));
        Files.createFile(root.resolve("blkio/blkio.throttle.read_bps_device"));
        assertThat(BlkioWeightSupport.probe(root)).isFalse();
    }
}
