package dev.pinion.bench;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server transfer between two Pinion daemons on loopback beside {@code tar -cf - | pigz -p2 -1 |
 * curl -T -} into nginx (WebDAV PUT, written to disk), alternating, several rounds (run by
 * bench/transfer-vs-pigz.sh). Prints each time, the median ratio and the peak heap the JVM holding
 * both daemons reached. Not a test.
 */
public final class TransferBench {
    private TransferBench() {}

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        String nginxUrl = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                long used = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                    }
                }
                peakHeap.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
                TestDaemon destination = new TestDaemon(panel, "").start()) {
            destination.servers().awaitBoot(Duration.ofSeconds(120));
            List<String> servers = new ArrayList<>();
            for (int i = 0; i <= rounds; i++) {
                servers.add(panel.addServer(GameServers.server()));
            }
            try (TestDaemon source = new TestDaemon(panel, "").start()) {
                source.servers().awaitBoot(Duration.ofSeconds(120));
                List<Double> pinion = new ArrayList<>();
                List<Double> pigz = new ArrayList<>();
                List<Double> full = new ArrayList<>();
                List<Double> pinionCpu = new ArrayList<>();
                List<Double> pigzCpu = new ArrayList<>();
                List<Double> fullCpu = new ArrayList<>();
                for (int i = 0; i <= rounds; i++) {
                    String uuid = servers.get(i);
                    Path volume = source.node().root().resolve("lib/volumes").resolve(uuid);
                    // Hard links: the same inodes and page cache the reference reads.
                    run("cp", "-al", tree + "/.", volume.toString());
                    double reference = pipeline(tree, nginxUrl + "/round-" + i + ".tar.gz");
                    double referenceCpu = lastCpu;
                    double extracted = pipelineExtracting(tree);
                    double extractedCpu = lastCpu;
                    double ours = transfer(panel, source, destination, uuid);
                    if (i > 0) { // round 0 warms the JIT and the page cache
                        pigz.add(reference);
                        full.add(extracted);
                        pigzCpu.add(referenceCpu);
                        fullCpu.add(extractedCpu);
                        pinionCpu.add(lastCpu);
                        pinion.add(ours);
                    }
                    destination
                            .http()
                            .send(destination
                                    .http()
                                    .authorized("/api/servers/" + uuid)
                                    .DELETE());
                    source.http()
                            .send(source.http()
                                    .authorized("/api/servers/" + uuid)
                                    .DELETE());
                }
                double p = median(pinion);
                double r = median(pigz);
                double f = median(full);
                System.out.printf("tar|pigz|curl seconds: %s%n", pigz);
                System.out.printf("tar|pigz|tcp|pigz -d|tar -x seconds: %s%n", full);
                System.out.printf("pinion->pinion seconds: %s%n", pinion);
                System.out.printf(
                        "median pinion %.2f s, tar|pigz -p2 -1|curl %.2f s, time ratio pinion/reference = %.2f%n",
                        p, r, p / r);
                System.out.printf(
                        "median pinion %.2f s, tar|pigz -p2 -1|tcp|pigz -d|tar -x %.2f s, "
                                + "time ratio pinion/full-reference = %.2f%n",
                        p, f, p / f);
                // On a loaded machine CPU seconds compare the work done, whatever share of the cores each got.
                System.out.printf(
                        "CPU seconds: pinion %s (the JVM of both daemons, all threads), tar|pigz|curl %s, "
                                + "full reference %s%n",
                        pinionCpu, pigzCpu, fullCpu);
                System.out.printf(
                        "median CPU ratio pinion/reference = %.2f, pinion/full-reference = %.2f%n",
                        median(pinionCpu) / median(pigzCpu), median(pinionCpu) / median(fullCpu));
                System.out.printf(
                        "peak heap of the JVM holding both daemons: %d MiB (max %d MiB)%n",
                        peakHeap.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            }
        } finally {
            sampler.interrupt();
        }
    }

    private static double transfer(FakePanel panel, TestDaemon source, TestDaemon destination, String uuid) {
        panel.setTransferring(uuid, true);
        String jwt = PanelTokens.raw(claims -> {
                    claims.setSubject(uuid);
                    claims.setClaim("scope", "transfer");
                })
                .sign();
        long began = System.nanoTime();
        long cpuBefore = CpuSeconds.processNanos();
        var response = source.http()
                .postJson(
                        "/api/servers/" + uuid + "/transfer",
                        "{\"url\":\"http://127.0.0.1:" + destination.port() + "/api/transfers\",\"token\":\"Bearer "
                                + jwt + "\"}");
        if (response.statusCode() != 202) {
            throw new IllegalStateException("transfer refused: " + response.body());
        }
        panel.awaitRequest(
                r -> r.path().endsWith("/servers/" + uuid + "/transfer/success")
                        || r.path().endsWith("/servers/" + uuid + "/transfer/failure"),
                Duration.ofMinutes(30));
        if (panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success"))
                .isEmpty()) {
            throw new IllegalStateException("transfer failed");
        }
        lastCpu = (CpuSeconds.processNanos() - cpuBefore) / 1e9;
        return (System.nanoTime() - began) / 1e9;
    }

    private static double pipeline(Path tree, String url) throws Exception {
        long began = System.nanoTime();
        lastCpu = CpuSeconds.children(output(
                "bash",
                "-c",
                "set -o pipefail; tar -cf - -C '" + tree + "' . | pigz -p2 -1 | curl -sS -f -T - '" + url
                        + "'; times"));
        return (System.nanoTime() - began) / 1e9;
    }

    /**
     * The fair reference for a whole transfer: the same send, received on loopback TCP by {@code pigz -d |
     * tar -x} into a fresh directory (what the destination daemon does, without its checksum).
     */
    private static double pipelineExtracting(Path tree) throws Exception {
        Path into = Files.createTempDirectory("pinion-bench-extract");
        Process receiver = new ProcessBuilder(
                        "python3",
                        "-c",
                        String.join(
                                "\n",
                                "import socket, subprocess, sys",
                                "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)",
                                "print(s.getsockname()[1], flush=True)",
                                "c, _ = s.accept()",
                                "rc = subprocess.call(['bash', '-c', 'set -o pipefail; pigz -d | tar -xf - -C \"$0\"', sys.argv[1]],"
                                        + " stdin=c.fileno())",
                                "import resource; r = resource.getrusage(resource.RUSAGE_CHILDREN)",
                                "print(r.ru_utime + r.ru_stime, flush=True)",
                                "sys.exit(rc)"),
                        into.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(receiver.getInputStream()))
                    .readLine()
                    .trim());
            long began = System.nanoTime();
            double sent = CpuSeconds.children(output(
                    "bash",
                    "-c",
                    "set -o pipefail; tar -cf - -C '" + tree + "' . | pigz -p2 -1 > /dev/tcp/127.0.0.1/" + port
                            + "; times"));
            if (receiver.waitFor() != 0) {
                throw new IllegalStateException("pigz -d | tar -x failed");
            }
            // The receiving side's CPU, as python saw its children's.
            lastCpu = sent
                    + Double.parseDouble(new String(receiver.getInputStream().readAllBytes()).trim());
            return (System.nanoTime() - began) / 1e9;
        } finally {
            receiver.destroy();
            run("rm", "-rf", into.toString());
        }
    }

    /** CPU seconds of the last measured run (its children's for a pipeline, this JVM's for a transfer). */
    private static double lastCpu;

    private static void run(String... command) throws Exception {
        output(command);
    }

    private static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
