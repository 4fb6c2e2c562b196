package dev.pinion.bench;

import static org.awaitility.Awaitility.await;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's sftp against Pinion beside the same client against the system's sshd + sftp-server on
 * another loopback port (run by bench/sftp-vs-openssh.sh): get and put of one big file, alternating,
 * median throughput and the ratio; then a burst of failed logins and the growth of this JVM's RSS
 * (the daemon runs in it). Not a test.
 *
 * <p>Arguments: the big file, the sshd port, the client key, rounds, failed logins, parallelism.
 */
public final class SftpBench {
    /** USER_HZ: /proc reports CPU times in these (100 on every Linux this runs on). */
    private static final int CLOCK_TICKS = 100;

    private SftpBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int sshdPort = Integer.parseInt(args[1]);
        Path key = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int failures = Integer.parseInt(args[4]);
        int parallel = Integer.parseInt(args[5]);
        String limiterYaml = args.length > 6 ? args[6] : "";
        long sshdPid = Long.getLong("bench.sshdPid", -1);
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            ServerConfigBuilder server = GameServers.server();
            panel.addServer(server);
            panel.addUser("bench", "benchpw");
            panel.setOwner(server.uuid(), "bench");
            panel.addUserKey("bench", Files.readString(Path.of(key + ".pub")).trim());
            try (TestDaemon daemon = new TestDaemon(panel, limiterYaml).start()) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> daemon.http()
                                        .get("/api/servers/" + server.uuid())
                                        .statusCode()
                                == 200);
                Path volume = daemon.node().root().resolve("lib/volumes").resolve(server.uuid());
                Files.createLink(volume.resolve("big.bin"), file);
                Path work = Files.createTempDirectory("pinion-sftp-bench-");
                String pinionUser = "bench." + server.uuid().substring(0, 8);
                int pinionPort = daemon.sftpPort();
                // sshd serves the same directory as root (the bench owns the machine's loopback only)
                String sshdDir = file.getParent().toString();

                long size = Files.size(file);
                Side pinion = new Side("pinion", ProcessHandle.current().pid(), false);
                Side sshd = new Side("openssh sftp-server", sshdPid, true);
                Transfers get = new Transfers("get", size, pinion, sshd);
                Transfers put = new Transfers("put", size, pinion, sshd);
                String only = System.getProperty("bench.only", "");
                if (!only.equals("put")) {
                    sftp(pinionPort, pinionUser, key, work, "get /big.bin /dev/null"); // warm-up
                    sftp(sshdPort, "root", key, work, "get " + sshdDir + "/big.bin /dev/null");
                }
                for (int i = 0; i < rounds; i++) {
                    if (!only.equals("put")) {
                        get.measure(
                                sshd, () -> sftp(sshdPort, "root", key, work, "get " + sshdDir + "/big.bin /dev/null"));
                        get.measure(pinion, () -> sftp(pinionPort, pinionUser, key, work, "get /big.bin /dev/null"));
                    }
                    if (!only.equals("get")) {
                        put.measure(
                                sshd,
                                () -> sftp(
                                        sshdPort,
                                        "root",
                                        key,
                                        work,
                                        "put " + file + " " + work.resolve("sshd-up.bin")));
                        put.measure(pinion, () -> sftp(pinionPort, pinionUser, key, work, "put " + file + " /up.bin"));
                        Files.deleteIfExists(work.resolve("sshd-up.bin"));
                    }
                }
                get.report();
                put.report();
                if (failures <= 0) {
                    return;
                }

                long before = rssKiB();
                failedLogins(pinionPort, "bench." + server.uuid().substring(0, 8), work, failures, parallel);
                System.gc();
                long after = rssKiB();
                System.out.printf(
                        "BENCH failed logins: %d (parallel %d), daemon JVM RSS %d MiB -> %d MiB, growth %d MiB%n",
                        failures, parallel, before / 1024, after / 1024, (after - before) / 1024);
            }
        }
    }

    /**
     * One server under test and where its CPU time is read: Pinion's is this JVM's own user+sys time (the
     * daemon runs in it; the bench thread only waits), OpenSSH's is what sshd's listener has reaped from
     * its per-connection children (sshd and sftp-server), read once those have exited.
     */
    private record Side(String name, long pid, boolean reaped) {
        double serverCpuSeconds() throws Exception {
            if (pid <= 0) {
                return Double.NaN;
            }
            if (reaped) {
                // the connection's sshd can outlive the client by a moment: wait until it is reaped
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (hasChildren(pid) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                return ticks(pid, 15) + ticks(pid, 16);
            }
            return ticks(pid, 13) + ticks(pid, 14);
        }

        double clientCpuSeconds() throws Exception {
            // ssh and sftp are children of this JVM, reaped by Process.waitFor
            long self = ProcessHandle.current().pid();
            return ticks(self, 15) + ticks(self, 16);
        }
    }

    /** The runs of one direction: throughput and CPU per GiB of each side, and the ratios. */
    private static final class Transfers {
        private final String what;
        private final long bytes;
        private final Map<Side, List<Double>> rates = new LinkedHashMap<>();
        private final Map<Side, List<Double>> serverCpu = new LinkedHashMap<>();
        private final Map<Side, List<Double>> clientCpu = new LinkedHashMap<>();

        Transfers(String what, long bytes, Side... sides) {
            this.what = what;
            this.bytes = bytes;
            for (Side side : sides) {
                rates.put(side, new ArrayList<>());
                serverCpu.put(side, new ArrayList<>());
                clientCpu.put(side, new ArrayList<>());
            }
        }

        interface Run {
            double seconds() throws Exception;
        }

        void measure(Side side, Run run) throws Exception {
            double server = side.serverCpuSeconds();
            double client = side.clientCpuSeconds();
            double seconds = run.seconds();
            double gib = bytes / (1024.0 * 1024 * 1024);
            serverCpu.get(side).add(round((side.serverCpuSeconds() - server) / gib));
            clientCpu.get(side).add(round((side.clientCpuSeconds() - client) / gib));
            rates.get(side).add(rate(bytes, seconds));
        }

        void report() {
            List<Side> sides = new ArrayList<>(rates.keySet());
            if (rates.get(sides.get(0)).isEmpty()) {
                return;
            }
            Side p = sides.get(0);
            Side s = sides.get(1);
            System.out.printf(
                    "BENCH %s pinion MiB/s %s, openssh sftp-server MiB/s %s; median ratio pinion/openssh = %.2f%n",
                    what, rates.get(p), rates.get(s), median(rates.get(p)) / median(rates.get(s)));
            System.out.printf(
                    "BENCH %s server CPU-s/GiB pinion %s, openssh sftp-server %s; median ratio pinion/openssh = %.2f"
                            + " (client ssh+sftp CPU-s/GiB against pinion %s, against openssh %s)%n",
                    what,
                    serverCpu.get(p),
                    serverCpu.get(s),
                    median(serverCpu.get(p)) / median(serverCpu.get(s)),
                    clientCpu.get(p),
                    clientCpu.get(s));
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static boolean hasChildren(long pid) throws Exception {
        Path children = Path.of("/proc/" + pid + "/task/" + pid + "/children");
        return Files.exists(children) && !Files.readString(children).isBlank();
    }

    /** Field {@code index} of /proc/pid/stat counted from 0 (13 utime, 14 stime, 15 cutime, 16 cstime), in seconds. */
    private static double ticks(long pid, int index) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // the command name may hold spaces: count from the state, field 2
        return Long.parseLong(fields[index - 2]) / (double) CLOCK_TICKS;
    }

    private static double rate(long bytes, double seconds) {
        return Math.round(bytes / 1024.0 / 1024.0 / seconds * 10) / 10.0;
    }

    /** Seconds one sftp batch took (fails loudly if the batch fails). */
    private static double sftp(int port, String user, Path key, Path work, String command) throws Exception {
        Path batch = work.resolve("batch");
        Files.writeString(batch, command + "\n");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(
                        "sftp",
                        "-q",
                        "-b",
                        batch.toString(),
                        "-P",
                        Integer.toString(port),
                        "-F",
                        "/dev/null",
                        "-o",
                        "StrictHostKeyChecking=no",
                        "-o",
                        "UserKnownHostsFile=/dev/null",
                        "-o",
                        "BatchMode=yes",
                        "-o",
                        "IdentitiesOnly=yes",
                        "-o",
                        "LogLevel=ERROR",
                        "-i",
                        key.toString(),
                        user + "@127.0.0.1")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("sftp " + command + " on port " + port + " failed: " + output);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code count} ssh logins with a wrong password, {@code parallel} at a time. */
    private static void failedLogins(int port, String user, Path work, int count, int parallel) throws Exception {
        Path askpass = work.resolve("askpass");
        Files.writeString(askpass, "#!/bin/sh\necho wrong-password\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            done.add(pool.submit(() -> {
                ProcessBuilder builder = new ProcessBuilder(
                        "ssh",
                        "-p",
                        Integer.toString(port),
                        "-F",
                        "/dev/null",
                        "-o",
                        "StrictHostKeyChecking=no",
                        "-o",
                        "UserKnownHostsFile=/dev/null",
                        "-o",
                        "LogLevel=QUIET",
                        "-o",
                        "PreferredAuthentications=password",
                        "-o",
                        "PubkeyAuthentication=no",
                        "-o",
                        "NumberOfPasswordPrompts=1",
                        "-o",
                        "ConnectTimeout=20",
                        user + "@127.0.0.1",
                        "true");
                builder.environment().put("SSH_ASKPASS", askpass.toString());
                builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
                builder.environment().put("DISPLAY", ":0");
                builder.redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                Process process = builder.start();
                process.waitFor(60, TimeUnit.SECONDS);
                process.destroyForcibly();
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
    }

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
