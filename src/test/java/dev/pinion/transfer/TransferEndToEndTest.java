package dev.pinion.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.server.ServerEvent;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Pinion daemons and one Panel (spec files-backups-transfers.md §6.1): a server moves from one
 * node to the other with its whole tree and starts there; cancelling either end, or stopping the
 * source daemon, mid-stream leaves the source's server usable, nothing on the destination, and the
 * Panel told of the failure.
 */
class TransferEndToEndTest {
    private static final Duration UP = Duration.ofSeconds(90);
    // Sending is held to 4 MiB/s on the sources (system.transfers.download_limit), so a stream can be caught midway.
    private static final String LIMITED = "  transfers:\n    download_limit: 4\n";
    private static final List<String> CREATED = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon destination;
    private static TestDaemon source;

    @BeforeAll
    static void startNodes() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        // The destination boots before the servers exist, so only the source loads them.
        destination = new TestDaemon(panel, "").start();
        destination.servers().awaitBoot(UP);
        for (int i = 0; i < 4; i++) {
            CREATED.add(panel.addServer(GameServers.server()));
        }
        source = limited(new TestDaemon(panel, "")).start();
        source.servers().awaitBoot(UP);
    }

    @AfterAll
    static void stopNodes() {
        source.close();
        destination.close();
        panel.close();
        DockerCli.removeContainers(CREATED);
    }

    private static TestDaemon limited(TestDaemon daemon) throws IOException {
        Path config = daemon.node().configFile();
        Files.writeString(config, Files.readString(config).replaceFirst("system:\n", "system:\n" + LIMITED));
        return daemon;
    }

    private static Path root(TestDaemon daemon, String uuid) {
        return daemon.node().root().resolve("lib/volumes").resolve(uuid);
    }

    private static HttpResponse<String> transfer(TestDaemon from, String uuid) {
        panel.setTransferring(uuid, true);
        // Signed with the destination's node token; sub names the server (spec §6.1 step 1).
        String jwt = PanelTokens.raw(claims -> {
                    claims.setSubject(uuid);
                    claims.setClaim("scope", "transfer");
                    claims.unsetClaim("user_uuid");
                    claims.unsetClaim("user_id");
                })
                .sign();
        return from.http()
                .postJson("/api/servers/" + uuid + "/transfer", """
                {"server_id":"%s","url":"http://127.0.0.1:%d/api/transfers","token":"Bearer %s",
                 "server":{"uuid":"%s","start_on_completion":false}}""".formatted(uuid, destination.port(), jwt, uuid));
    }

    private static List<ServerEvent> watch(TestDaemon daemon, String uuid) {
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        daemon.servers().get(uuid).orElseThrow().server().events().subscribe(10_000, events::add);
        return events;
    }

    private static List<String> topic(List<ServerEvent> events, String topic) {
        return events.stream()
                .filter(e -> e.topic().equals(topic))
                .map(ServerEvent::data)
                .toList();
    }

    private static void writeLarge(Path root, int mib) {
        byte[] block = new byte[1024 * 1024];
        new Random(mib).nextBytes(block);
        try (var out = Files.newOutputStream(root.resolve("large.bin"))) {
            for (int i = 0; i < mib; i++) {
                out.write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path under root: directories and files with mode, files with their SHA-256. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                String mode =
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                String what = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                        ? "dir " + mode
                        : "file " + mode + " " + sha256(path);
                tree.put(root.relativize(path).toString(), what);
            }
        }
        return tree;
    }

    private static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNothingOnDestination(String uuid) {
        await().atMost(UP).untilAsserted(() -> {
            assertThat(destination.servers().get(uuid)).isEmpty();
            assertThat(root(destination, uuid)).doesNotExist();
        });
    }

    private static void assertUsableOnSource(TestDaemon from, String uuid) {
        await().atMost(UP)
                .until(() -> !from.servers()
                        .get(uuid)
                        .orElseThrow()
                        .server()
                        .transferring()
                        .get());
        assertThat(root(from, uuid).resolve("large.bin")).exists();
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success")))
                .isEmpty();
    }

    @Test
    void aRunningServerMovesWithItsWholeTreeAndStartsOnTheDestination() throws Exception {
        String uuid = CREATED.get(0);
        Path from = root(source, uuid);
        Files.createDirectories(from.resolve("world/region"));
        Files.createDirectories(from.resolve("empty/deeper/still"));
        Files.createDirectories(from.resolve("плагины"));
        Files.writeString(from.resolve("server.properties"), "motd=moved\n");
        Files.writeString(from.resolve("плагины/Größe ünïcödé.yml"), "ü: 1\n");
        Files.write(from.resolve("world/zero.dat"), new byte[0]);
        writeLarge(from.resolve("world/region"), 12);
        Files.setPosixFilePermissions(from.resolve("server.properties"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(from.resolve("world/zero.dat"), PosixFilePermissions.fromString("rwx--x---"));
        source.power(uuid, "start");
        source.awaitState(uuid, "running", UP);
        // Taken once running: the start rewrites the egg's configuration files. Directories arrive 0755,
        // as on Wings (the extractor creates them so); file modes travel.
        Map<String, String> before = tree(from);
        List<ServerEvent> sourceEvents = watch(source, uuid);

        assertThat(transfer(source, uuid).statusCode()).isEqualTo(202);

        panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success"), UP);
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure")))
                .isEmpty();
        assertThat(tree(root(destination, uuid))).isEqualTo(before);
        assertThat(destination
                        .servers()
                        .get(uuid)
                        .orElseThrow()
                        .server()
                        .transferring()
                        .get())
                .isFalse();
        assertThat(topic(sourceEvents, ServerEvent.TRANSFER_STATUS))
                .contains("processing")
                .doesNotContain("failure");
        assertThat(topic(sourceEvents, ServerEvent.TRANSFER_LOGS))
                .anyMatch(l -> l.contains("Streaming archive to destination..."));

        // The Panel then deletes the server on the old node (spec §6.1 step 6-7).
        assertThat(source.http()
                        .send(source.http().authorized("/api/servers/" + uuid).DELETE())
                        .statusCode())
                .isEqualTo(204);
        await().atMost(UP)
                .until(() -> topic(sourceEvents, ServerEvent.TRANSFER_STATUS).contains("completed"));
        await().atMost(UP).until(() -> !Files.exists(from));
        destination.power(uuid, "start");
        destination.awaitState(uuid, "running", UP);
        destination.awaitConsole(uuid, GameServers.DONE, UP);
        JsonNode metrics = Http.json(new Http(source.adminPort()).get("/metrics"));
        assertThat(metrics.path("gauges")
                        .path("transfers.bytes-sent")
                        .path("value")
                        .asLong())
                .isGreaterThan(12L << 20);
        assertThat(Http.json(new Http(destination.adminPort()).get("/metrics"))
                        .path("gauges")
                        .path("transfers.bytes-received")
                        .path("value")
                        .asLong())
                .isGreaterThan(12L << 20);
    }

    @Test
    void cancellingOnTheDestinationMidStreamCleansBothEnds() throws Exception {
        String uuid = CREATED.get(1);
        writeLarge(root(source, uuid), 40);
        assertThat(transfer(source, uuid).statusCode()).isEqualTo(202);
        await().atMost(UP).until(() -> destination.servers().get(uuid).isPresent());
        await().atMost(UP)
                .until(() -> Http.json(new Http(source.adminPort()).get("/metrics"))
                                .path("gauges")
                                .path("transfers.active-transfers")
                                .path("value")
                                .asInt()
                        == 1);

        HttpResponse<String> cancel = destination
                .http()
                .send(destination.http().authorized("/api/transfers/" + uuid).DELETE());

        assertThat(cancel.statusCode()).isEqualTo(202);
        assertNothingOnDestination(uuid);
        assertUsableOnSource(source, uuid);
        // Each end reports once; the Panel takes the first and answers 409 to the second (spec §6.1 step 8).
        await().atMost(UP)
                .until(() -> panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure"))
                                .size()
                        == 2);
    }

    @Test
    void cancellingOnTheSourceMidStreamCleansBothEnds() throws Exception {
        String uuid = CREATED.get(2);
        writeLarge(root(source, uuid), 40);
        assertThat(transfer(source, uuid).statusCode()).isEqualTo(202);
        await().atMost(UP).until(() -> destination.servers().get(uuid).isPresent());

        HttpResponse<String> cancel = source.http()
                .send(source.http()
                        .authorized("/api/servers/" + uuid + "/transfer")
                        .DELETE());

        assertThat(cancel.statusCode()).isEqualTo(202);
        assertNothingOnDestination(uuid);
        assertUsableOnSource(source, uuid);
        await().atMost(UP)
                .until(() -> panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure"))
                                .size()
                        == 2);
        // A new attempt works.
        Files.delete(root(source, uuid).resolve("large.bin"));
        Files.writeString(root(source, uuid).resolve("small.txt"), "again");
        assertThat(transfer(source, uuid).statusCode()).isEqualTo(202);
        panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success"), UP);
        assertThat(root(destination, uuid).resolve("small.txt")).hasContent("again");
    }

    @Test
    void theSourceDaemonStoppingMidStreamFailsTheTransferOnBothEnds() throws Exception {
        String uuid = CREATED.get(3);
        try (TestDaemon doomed = limited(new TestDaemon(panel, "")).start()) {
            doomed.servers().awaitBoot(UP);
            writeLarge(root(doomed, uuid), 40);
            assertThat(transfer(doomed, uuid).statusCode()).isEqualTo(202);
            await().atMost(UP).until(() -> destination.servers().get(uuid).isPresent());

            doomed.stop();
        }

        assertNothingOnDestination(uuid);
        await().atMost(UP)
                .until(() -> panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure"))
                                .size()
                        == 2);
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success")))
                .isEmpty();
    }
}
