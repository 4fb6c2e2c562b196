package dev.pinion.backup;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.server.ServerEvent;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A running daemon with one server loaded from a fake Panel (it need not run for backups of its
 * files), its real volume, its real backup directory, and a recorder of the server's events.
 */
final class BackupNode implements AutoCloseable {
    final FakePanel panel;
    final TestDaemon daemon;
    final String server;
    final List<ServerEvent> events = new CopyOnWriteArrayList<>();

    private BackupNode(FakePanel panel, TestDaemon daemon, String server) {
        this.panel = panel;
        this.daemon = daemon;
        this.server = server;
    }

    static BackupNode start(String extraYaml) throws Exception {
        return start(extraYaml, (panel, server) -> {}, "", node -> {});
    }

    /**
     * @param panelSetup   configures the Panel (given the server's uuid) before the daemon starts
     * @param backupsYaml  lines under {@code system.backups:} (two-space indented keys)
     * @param beforeStart  runs on the node directory before the daemon starts (a mount, say)
     */
    static BackupNode start(
            String extraYaml,
            BiConsumer<FakePanel, String> panelSetup,
            String backupsYaml,
            Consumer<TestNode> beforeStart)
            throws Exception {
        FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        ServerConfigBuilder config = GameServers.server();
        panel.addServer(config);
        panelSetup.accept(panel, config.uuid());
        TestDaemon unstarted = new TestDaemon(panel, extraYaml);
        if (!backupsYaml.isEmpty()) {
            Path file = unstarted.node().configFile();
            Files.writeString(
                    file,
                    Files.readString(file)
                            .replaceFirst("\nsystem:\n", "\nsystem:\n  backups:\n" + backupsYaml.indent(4)));
        }
        beforeStart.accept(unstarted.node());
        TestDaemon daemon = unstarted.start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> daemon.http().get("/api/servers/" + config.uuid()).statusCode() == 200);
        BackupNode node = new BackupNode(panel, daemon, config.uuid());
        daemon.servers().get(config.uuid()).orElseThrow().server().events().subscribe(100_000, node.events::add);
        return node;
    }

    Path root() {
        return daemon.node().root().resolve("lib/volumes").resolve(server);
    }

    Path backups() {
        return daemon.node().root().resolve("lib/backups");
    }

    Path archive(String backup) {
        return backups().resolve(backup + ".tar.gz");
    }

    HttpResponse<String> backup(String backup, String adapter, String ignore) {
        panel.addBackup(backup, server);
        return daemon.http()
                .postJson(
                        "/api/servers/" + server + "/backup",
                        "{\"adapter\":\"" + adapter + "\",\"uuid\":\"" + backup + "\",\"ignore\":" + json(ignore)
                                + "}");
    }

    /** Waits for the backup's callback and returns the body the Panel accepted. */
    JsonNode awaitReport(String backup) {
        panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup), Duration.ofSeconds(60));
        return panel.backupReport(backup);
    }

    HttpResponse<String> restore(String backup, String adapter, boolean truncate, String url) {
        return daemon.http()
                .postJson(
                        "/api/servers/" + server + "/backup/" + backup + "/restore",
                        "{\"adapter\":\"" + adapter + "\",\"truncate_directory\":" + truncate + ",\"download_url\":"
                                + json(url) + "}");
    }

    void awaitRestoreReport(String backup) {
        panel.awaitRequest(FakePanel.call("POST", "/backups/" + backup + "/restore"), Duration.ofSeconds(60));
    }

    List<String> data(String topic) {
        return events.stream()
                .filter(e -> e.topic().equals(topic))
                .map(ServerEvent::data)
                .toList();
    }

    static String json(String text) {
        if (text == null) {
            return "null";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Every entry of a gzip(tar): name to content; fails on anything but a regular file entry. */
    static Map<String, byte[]> entries(byte[] archive) {
        return entries(new ByteArrayInputStream(archive));
    }

    static Map<String, byte[]> entries(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            return entries(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> entries(InputStream in) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in, true))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    throw new AssertionError("a backup holds only regular files (spec §5.7); found " + entry.getName());
                }
                out.put(entry.getName(), tar.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        daemon.close();
        panel.close();
    }
}
