package dev.pinion.filesystem;

import com.sun.management.OperatingSystemMXBean;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The archive writer alone, in-process, as a backup drives it (gzip level 1 on a two-thread pool, SHA-1 of
 * the output, written to a file), beside {@code tar -cf - | pigz -p2 -1} on the same tree: wall and CPU
 * seconds per round, and the CPU of each thread kind, so a change to the pipeline shows where the work
 * moved. Not a test; run by hand: {@code java -cp ... dev.pinion.filesystem.ArchiveWriterBench <tree> <out
 * dir> <rounds>}.
 */
public final class ArchiveWriterBench {
    private ArchiveWriterBench() {}

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService gzip = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().name("gzip-", 0).factory());
        ServerFilesystem fs = new ServerFilesystem(
                new FilesystemSettings(tree, out.resolve(".staging"), 0, Duration.ofSeconds(150), Ownership.none(), 1),
                Denylist.empty(),
                Clock.systemUTC(),
                Runnable::run,
                gzip);
        Path archive = out.resolve("bench.tar.gz");
        for (int i = 0; i < rounds; i++) {
            Map<String, Long> before = perThreadKind(threads);
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            try (OutputStream file =
                    Files.newOutputStream(archive, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
                fs.writeArchive(new DigestOutputStream(file, sha1), List.of(), Denylist.empty(), n -> {});
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double used = (os.getProcessCpuTime() - cpu) / 1e9;
            Map<String, Long> after = perThreadKind(threads);
            StringBuilder kinds = new StringBuilder();
            after.forEach((kind, nanos) -> {
                double s = (nanos - before.getOrDefault(kind, 0L)) / 1e9;
                if (s > 0.05) {
                    kinds.append(String.format(" %s=%.2f", kind, s));
                }
            });
            System.out.printf(
                    "pinion round %d: %.2f s wall, %.2f CPU s (%s), %d bytes, sha1 %s%n",
                    i + 1,
                    wall,
                    used,
                    kinds.toString().trim(),
                    Files.size(archive),
                    HexFormat.of().formatHex(sha1.digest()));
            Files.delete(archive);
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(
                            "bash",
                            "-o",
                            "pipefail",
                            "-c",
                            "tar -cf - -C " + tree + " . | pigz -p2 -1 > " + archive + " && times")
                    .start();
            String times = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            System.out.printf(
                    "pigz   round %d: %.2f s wall, %s CPU s (children user, sys)%n",
                    i + 1,
                    (System.nanoTime() - t0) / 1e9,
                    times.lines().skip(1).findFirst().orElse("?"));
            Files.delete(archive);
        }
        gzip.shutdown();
    }

    private static Map<String, Long> perThreadKind(ThreadMXBean threads) {
        Map<String, Long> kinds = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                kinds.merge(info.getThreadName().replaceAll("-?\\d+$", ""), cpu, Long::sum);
            }
        }
        return kinds;
    }
}
