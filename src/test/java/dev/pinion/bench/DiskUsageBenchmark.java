package dev.pinion.bench;

import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.FilesystemSettings;
import dev.pinion.filesystem.Ownership;
import dev.pinion.filesystem.ServerFilesystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Disk usage of a 100,000-file server tree: Pinion's walk beside {@code du -sb} on the same tree in
 * the same run, alternating, warm cache; prints the median times and their ratio (issue: files,
 * "Performance"). Run with bench/disk-usage-vs-du.sh.
 */
@Tag("bench")
class DiskUsageBenchmark {
    private static final int DIRECTORIES = 1000;
    private static final int FILES_PER_DIRECTORY = 100;
    private static final int ROUNDS = 5;

    @Test
    void hundredThousandFiles() throws Exception {
        Path data = Files.createTempDirectory("pinion-du-bench");
        String uuid = "00000000-0000-4000-8000-00000000bench";
        Path root = Files.createDirectories(data.resolve(uuid));
        byte[] content = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (int d = 0; d < DIRECTORIES; d++) {
            Path dir = Files.createDirectories(root.resolve("world/region-" + d));
            for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
                Files.write(dir.resolve("chunk-" + f + ".dat"), content);
            }
        }
        try (var background = Executors.newVirtualThreadPerTaskExecutor()) {
            ServerFilesystem filesystem = new ServerFilesystem(
                    FilesystemSettings.forServer(data, uuid, 0, Duration.ofSeconds(150), Ownership.none(), 1),
                    Denylist.empty(),
                    Clock.systemUTC(),
                    background);
            long[] pinion = new long[ROUNDS];
            long[] du = new long[ROUNDS];
            long pinionBytes = 0;
            String duBytes = "";
            filesystem.diskUsage().refresh(); // warm the page cache and the JIT once
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                pinionBytes = filesystem.diskUsage().refresh();
                pinion[round] = System.nanoTime() - start;

                start = System.nanoTime();
                Process process = new ProcessBuilder("du", "-sb", root.toString())
                        .redirectErrorStream(true)
                        .start();
                duBytes = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\\s")[0];
                process.waitFor(5, TimeUnit.MINUTES);
                du[round] = System.nanoTime() - start;
            }
            Arrays.sort(pinion);
            Arrays.sort(du);
            long pinionMedian = pinion[ROUNDS / 2] / 1_000_000;
            long duMedian = du[ROUNDS / 2] / 1_000_000;
            System.out.printf(
                    "BENCH disk usage of %d files: Pinion %d ms (%d bytes), du -sb %d ms (%s bytes); ratio %.2f%n",
                    DIRECTORIES * FILES_PER_DIRECTORY,
                    pinionMedian,
                    pinionBytes,
                    duMedian,
                    duBytes,
                    (double) pinionMedian / Math.max(1, duMedian));
        } finally {
            try (var paths = Files.walk(data)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
