package dev.pinion.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.server.ServerEvent;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source side (spec files-backups-transfers.md §6.1–6.2, §6.4): the stream a Pinion source sends
 * is read by an independent reader (Python's tarfile, zlib and hashlib) and must carry Go's layout
 * byte for byte; a destination that refuses, vanishes or is cancelled leaves the server usable,
 * reported failed once, and ready for a new attempt.
 */
class TransferSenderTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVERS = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static TestDestination destination;
    private String uuid;
    private final List<ServerEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNode() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        for (int i = 0; i < 12; i++) {
            SERVERS.add(panel.addServer(GameServers.server()));
        }
        daemon = new TestDaemon(panel, "").start();
        daemon.servers().awaitBoot(UP);
        destination = new TestDestination();
    }

    @AfterAll
    static void stopNode() {
        destination.close();
        daemon.close();
        panel.close();
        DockerCli.removeContainers(SERVERS);
    }

    @BeforeEach
    void pickServer() {
        uuid = SERVERS.removeFirst();
        SERVERS.add(uuid);
        panel.setTransferring(uuid, true);
        daemon.servers().get(uuid).orElseThrow().server().events().subscribe(10_000, events::add);
    }

    @AfterEach
    void resetDestination() {
        destination.behave(TestDestination.Behaviour.ACCEPT);
    }

    private Path root() {
        return daemon.node().root().resolve("lib/volumes").resolve(uuid);
    }

    private HttpResponse<String> startTransfer(String url) {
        return daemon.http().postJson("/api/servers/" + uuid + "/transfer", """
                {"server_id":"%s","url":"%s","token":"Bearer the.transfer.jwt","server":{"uuid":"%s","start_on_completion":false}}""".formatted(uuid, url, uuid));
    }

    private List<String> statuses() {
        return events.stream()
                .filter(e -> e.topic().equals(ServerEvent.TRANSFER_STATUS))
                .map(ServerEvent::data)
                .toList();
    }

    private List<String> logs() {
        return events.stream()
                .filter(e -> e.topic().equals(ServerEvent.TRANSFER_LOGS))
                .map(ServerEvent::data)
                .toList();
    }

    private boolean transferring() {
        return daemon.servers().get(uuid).orElseThrow().server().transferring().get();
    }

    private void assertFailedOnceAndUsable() {
        panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure"), UP);
        await().atMost(UP).until(() -> !transferring());
        await().atMost(UP).until(() -> statuses().contains("failure"));
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure")))
                .hasSize(1);
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success")))
                .isEmpty();
        // Usable again (Wings leaves it stuck with 409, panel#4505): the next cancel says nothing runs.
        assertThat(daemon.http()
                        .send(daemon.http()
                                .authorized("/api/servers/" + uuid + "/transfer")
                                .DELETE())
                        .statusCode())
                .isEqualTo(409);
    }

    private void writeTree() throws IOException {
        Path root = root();
        Files.createDirectories(root.resolve("world/region"));
        Files.createDirectories(root.resolve("empty/deeper"));
        Files.writeString(root.resolve("server.properties"), "motd=hello\n");
        byte[] big = new byte[5 * 1024 * 1024 + 3];
        new Random(11).nextBytes(big);
        Files.write(root.resolve("world/region/r.0.0.mca"), big);
        Files.write(root.resolve("world/zero.dat"), new byte[0]);
        Files.writeString(root.resolve("Größe ünïcödé.yml"), "ü: 1\n");
        Path script = root.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("link-out"), Path.of("/etc/passwd"));
    }

    private JsonNode readWithPython(TestDestination.Received received) throws Exception {
        Path script =
                Path.of(getClass().getResource("/transfer/read_transfer.py").toURI());
        Process python = new ProcessBuilder(
                        "python3", script.toString(), received.body().toString(), received.contentType())
                .redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return JSON.readTree(output);
    }

    @Test
    void theStreamIsGoShapedAndAnIndependentReaderFindsTheTreeAndAMatchingChecksum() throws Exception {
        writeTree();

        assertThat(startTransfer(destination.url()).statusCode()).isEqualTo(202);
        TestDestination.Received received = destination.received().get(60, TimeUnit.SECONDS);

        assertThat(received.authorization()).isEqualTo("Bearer the.transfer.jwt");
        assertThat(received.transferEncoding()).isEqualToIgnoringCase("chunked");
        assertThat(received.contentType()).matches("multipart/form-data; boundary=[0-9a-f]{60}");
        JsonNode read = readWithPython(received);
        assertThat(read.path("framing_ok").asBoolean()).isTrue();
        assertThat(read.path("names").toString()).isEqualTo("[\"archive\",\"checksum\"]");
        assertThat(read.path("checksum_text").asText())
                .matches("[0-9a-f]{64}")
                .isEqualTo(read.path("archive_sha256").asText());
        // One member (the JDK's zlib) or one per block (libdeflate): Go's reader is multistream (issue #15).
        assertThat(read.path("gzip_members_complete_no_trailing_bytes").asBoolean())
                .isTrue();
        assertThat(read.path("gzip_members").asInt()).isPositive();
        assertThat(read.path("tar_ends_in_exactly_two_zero_records").asBoolean())
                .isTrue();
        assertThat(read.path("sync_flush_before_final_block").asBoolean()).isFalse();

        Map<String, JsonNode> entries = new TreeMap<>();
        read.path("entries").forEach(e -> entries.put(e.path("name").asText(), e));
        assertThat(entries)
                .containsKeys(
                        "server.properties",
                        "world/region/r.0.0.mca",
                        "world/zero.dat",
                        "Größe ünïcödé.yml",
                        "start.sh",
                        "empty",
                        "empty/deeper",
                        "world",
                        "world/region");
        assertThat(entries).doesNotContainKey("link-out");
        assertThat(entries.get("empty/deeper").path("type").asText()).isEqualTo("dir");
        assertThat(entries.get("start.sh").path("mode").asInt()).isEqualTo(0750);
        assertThat(entries.get("world/zero.dat").path("size").asLong()).isZero();
        assertThat(entries.get("world/region/r.0.0.mca").path("sha256").asText())
                .isEqualTo(sha256(root().resolve("world/region/r.0.0.mca")));
        assertThat(entries.get("server.properties").path("uid").asInt()).isZero();

        // A 200 is the end for the source: it waits, still transferring, for the Panel's DELETE.
        await().atMost(UP)
                .until(() -> logs().stream().anyMatch(l -> l.contains("Finished streaming archive to destination.")));
        assertThat(statuses()).contains("processing").doesNotContain("failure");
        assertThat(logs())
                .anyMatch(l -> l.contains("[Transfer System] [Source Node]:") && l.contains("Preparing to stream"));
        assertThat(transferring()).isTrue();
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure")))
                .isEmpty();
        assertThat(daemon.http()
                        .send(daemon.http().authorized("/api/servers/" + uuid).DELETE())
                        .statusCode())
                .isEqualTo(204);
        await().atMost(UP).until(() -> statuses().contains("completed"));
    }

    @Test
    void aSecondTransferWhileOneRunsIs409() {
        destination.behave(TestDestination.Behaviour.SLOW);
        writeLarge(24);
        assertThat(startTransfer(destination.url()).statusCode()).isEqualTo(202);

        HttpResponse<String> again = startTransfer(destination.url());

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Http.json(again).path("error").asText())
                .isEqualTo("A transfer is already in progress for this server.");
        assertThat(daemon.http()
                        .send(daemon.http()
                                .authorized("/api/servers/" + uuid + "/transfer")
                                .DELETE())
                        .statusCode())
                .isEqualTo(202);
        assertFailedOnceAndUsable();
    }

    @Test
    void aRefusingDestinationFailsTheTransferOnceAndANewAttemptWorks() throws Exception {
        Files.writeString(root().resolve("a.txt"), "a");
        destination.behave(TestDestination.Behaviour.REFUSE);

        assertThat(startTransfer(destination.url()).statusCode()).isEqualTo(202);

        assertFailedOnceAndUsable();
        assertThat(logs()).anyMatch(l -> l.contains("unexpected status code from destination: 500"));
        destination.behave(TestDestination.Behaviour.ACCEPT);
        panel.setTransferring(uuid, true);
        assertThat(startTransfer(destination.url()).statusCode()).isEqualTo(202);
        assertThat(readWithPython(destination.received().get(60, TimeUnit.SECONDS))
                        .path("checksum_text")
                        .asText())
                .hasSize(64);
    }

    @Test
    void aDestinationThatVanishesMidStreamFailsTheTransfer() throws Exception {
        writeLarge(8);

        assertThat(startTransfer(TestDestination.vanishingAfter(256 * 1024)).statusCode())
                .isEqualTo(202);

        assertFailedOnceAndUsable();
    }

    @Test
    void anUnreachableDestinationFailsTheTransfer() {
        assertThat(startTransfer("http://127.0.0.1:1/api/transfers").statusCode())
                .isEqualTo(202);
        assertFailedOnceAndUsable();
    }

    @Test
    void cancelMidStreamStopsThePushAndReportsFailureOnce() {
        destination.behave(TestDestination.Behaviour.SLOW);
        writeLarge(24);
        assertThat(startTransfer(destination.url()).statusCode()).isEqualTo(202);
        await().atMost(UP).until(() -> statuses().contains("processing"));

        HttpResponse<String> cancel = daemon.http()
                .send(daemon.http()
                        .authorized("/api/servers/" + uuid + "/transfer")
                        .DELETE());

        assertThat(cancel.statusCode()).isEqualTo(202);
        assertFailedOnceAndUsable();
        assertThat(statuses()).containsSubsequence("processing", "cancelling", "failure");
        assertThat(logs()).anyMatch(l -> l.contains("Canceled."));
    }

    @Test
    void aRunningServerIsStoppedBeforeThePush() throws Exception {
        Files.writeString(root().resolve("a.txt"), "a");
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);

        assertThat(startTransfer(destination.url()).statusCode()).isEqualTo(202);

        assertThat(daemon.state(uuid)).isEqualTo("offline");
        destination.received().get(60, TimeUnit.SECONDS);
        // Power actions are refused while transferring (spec §6.1 step 3).
        assertThat(daemon.servers()
                        .get(uuid)
                        .orElseThrow()
                        .server()
                        .transferring()
                        .get())
                .isTrue();
    }

    @Test
    void badRequestsAreRefusedWithoutMarkingTheServer() {
        assertThat(startTransfer("ftp://x/y").statusCode()).isEqualTo(400);
        assertThat(daemon.http()
                        .postJson("/api/servers/" + uuid + "/transfer", "{\"url\":\"" + destination.url() + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(transferring()).isFalse();
        assertThat(daemon.http()
                        .postJson(
                                "/api/servers/" + UUID.randomUUID() + "/transfer",
                                "{\"url\":\"" + destination.url() + "\",\"token\":\"Bearer x\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    private void writeLarge(int mib) {
        byte[] block = new byte[1024 * 1024];
        new Random(mib).nextBytes(block);
        try (var out = Files.newOutputStream(root().resolve("large.bin"))) {
            for (int i = 0; i < mib; i++) {
                out.write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
