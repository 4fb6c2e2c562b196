package dev.pinion.bench;

import static org.awaitility.Awaitility.await;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local backup, its restore and its /download/backup beside {@code tar | pigz -p2 -1},
 * {@code pigz -dc | tar -x} and nginx on the same tree and archive (run by bench/backup-vs-pigz.sh;
 * the JVM runs with the heap cap the script gives, so finishing proves the daemon fit in it). Prints
 * each time and the median ratios. Not a test.
 */
public final class BackupBench {
    private BackupBench() {}

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        Path www = Path.of(args[1]);
        String nginxBase = args[2];
        int rounds = Integer.parseInt(args[3]);
        Path scratch = Path.of(args[4]);
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            ServerConfigBuilder server = GameServers.server();
            panel.addServer(server);
            try (TestDaemon daemon = new TestDaemon(panel, "").start()) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> daemon.http()
                                        .get("/api/servers/" + server.uuid())
                                        .statusCode()
                                == 200);
                Path volume = daemon.node().root().resolve("lib/volumes").resolve(server.uuid());
                linkTree(tree, volume);
                List<Double> pinionBackup = new ArrayList<>();
                List<Double> pigzBackup = new ArrayList<>();
                List<Double> pinionRestore = new ArrayList<>();
                List<Double> pigzRestore = new ArrayList<>();
                List<Double> pinionBackupCpu = new ArrayList<>();
                List<Double> pigzBackupCpu = new ArrayList<>();
                List<Double> pinionRestoreCpu = new ArrayList<>();
                List<Double> pigzRestoreCpu = new ArrayList<>();
                List<Double> pinionDownload = new ArrayList<>();
                List<Double> nginxDownload = new ArrayList<>();
                String last = null;
                for (int i = 0; i < rounds; i++) {
                    Path reference = scratch.resolve("ref.tar.gz");
                    pigzBackup.add(shell("tar -cf - -C " + tree + " . | pigz -p2 -1 > " + reference));
                    pigzBackupCpu.add(lastCpu);

                    String backup = UUID.randomUUID().toString();
                    panel.addBackup(backup, server.uuid());
                    long start = System.nanoTime();
                    long cpu = CpuSeconds.processNanos();
                    daemon.http()
                            .postJson(
                                    "/api/servers/" + server.uuid() + "/backup",
                                    "{\"adapter\":\"wings\",\"uuid\":\"" + backup + "\",\"ignore\":\"\"}");
                    panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup), Duration.ofMinutes(30));
                    pinionBackup.add((System.nanoTime() - start) / 1e9);
                    pinionBackupCpu.add((CpuSeconds.processNanos() - cpu) / 1e9);
                    if (!panel.backupReport(backup).path("successful").asBoolean()) {
                        throw new IllegalStateException("backup failed");
                    }
                    Path archive = daemon.node().root().resolve("lib/backups").resolve(backup + ".tar.gz");

                    Path into = scratch.resolve("restore");
                    shell("rm -rf " + into + " && mkdir -p " + into);
                    pigzRestore.add(shell("pigz -dc " + archive + " | tar -xf - -C " + into));
                    pigzRestoreCpu.add(lastCpu);
                    shell("rm -rf " + into);

                    start = System.nanoTime();
                    cpu = CpuSeconds.processNanos();
                    daemon.http()
                            .postJson(
                                    "/api/servers/" + server.uuid() + "/backup/" + backup + "/restore",
                                    "{\"adapter\":\"wings\",\"truncate_directory\":true,\"download_url\":\"\"}");
                    panel.awaitRequest(
                            FakePanel.call("POST", "/backups/" + backup + "/restore"), Duration.ofMinutes(30));
                    pinionRestore.add((System.nanoTime() - start) / 1e9);
                    pinionRestoreCpu.add((CpuSeconds.processNanos() - cpu) / 1e9);

                    Files.deleteIfExists(www.resolve("backup.tar.gz"));
                    Files.createLink(www.resolve("backup.tar.gz"), archive);
                    // Backups are 0600; nginx's worker runs unprivileged (the same inode: this opens the archive too).
                    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
                    int port = daemon.http().request("/").build().uri().getPort();
                    // Three fetches each, alternating, as download-vs-nginx.sh does: the first fetch of a
                    // round also pays for the JIT and the page cache, which nginx never does.
                    for (int fetch = 0; fetch < 3; fetch++) {
                        nginxDownload.add(curl(nginxBase + "/backup.tar.gz"));
                        pinionDownload.add(curl("http://127.0.0.1:" + port + "/download/backup?token="
                                + PanelTokens.backupDownload(server.uuid(), backup)
                                        .sign()));
                    }
                    if (last != null) {
                        Files.deleteIfExists(
                                daemon.node().root().resolve("lib/backups").resolve(last + ".tar.gz"));
                    }
                    last = backup;
                    System.out.printf(
                            "round %d: archive %d bytes (pigz %d)%n",
                            i + 1, Files.size(archive), Files.size(reference));
                }
                report("backup s", pinionBackup, "tar|pigz -p2 -1 s", pigzBackup);
                report("restore s", pinionRestore, "pigz -dc|tar -x s", pigzRestore);
                report("download MiB/s", pinionDownload, "nginx MiB/s", nginxDownload);
                // On a loaded machine CPU seconds compare the work done, whatever share of the cores each got
                // (the daemon's figure is this whole JVM's: every thread, the fake Panel's included).
                report("backup CPU s", pinionBackupCpu, "tar|pigz CPU s", pigzBackupCpu);
                report("restore CPU s", pinionRestoreCpu, "pigz -dc|tar -x CPU s", pigzRestoreCpu);
            }
        }
    }

    private static void report(String what, List<Double> pinion, String reference, List<Double> ref) {
        System.out.printf(
                "pinion %s: %s; %s: %s; median ratio pinion/reference = %.2f%n",
                what, format(pinion), reference, format(ref), median(pinion) / median(ref));
    }

    private static void linkTree(Path tree, Path volume) throws Exception {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.toList()) {
                Path target = volume.resolve(tree.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createLink(target, path);
                }
            }
        }
    }

    /** CPU seconds of the last {@link #shell} pipeline (bash's children). */
    private static double lastCpu;

    /** Seconds a shell pipeline took; its CPU seconds go to {@link #lastCpu}. */
    private static double shell(String command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder("bash", "-o", "pipefail", "-c", command + " && times")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command + ": " + out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        lastCpu = CpuSeconds.children(out);
        return seconds;
    }

    /** MiB/s of one curl download to /dev/null. */
    private static double curl(String url) throws Exception {
        Process curl = new ProcessBuilder(
                        "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}", url)
                .redirectErrorStream(true)
                .start();
        String out = new String(curl.getInputStream().readAllBytes()).trim();
        curl.waitFor();
        String[] parts = out.split(" ");
        if (!parts[0].equals("200")) {
            throw new IllegalStateException("curl " + url + ": " + out);
        }
        return Double.parseDouble(parts[2]) / (1024 * 1024);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format("%.2f", v)).toList().toString();
    }
}
