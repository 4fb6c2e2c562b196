package dev.pinion.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The destination side fed exactly what a stock Go Wings source sends (spec files-backups-transfers.md
 * §6.2, §6.3, §6.5): the server arrives, is checked, gets its container and the Panel is told; every
 * refusal leaves nothing of the server on this node and reports the failure.
 */
class TransferReceiverTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final List<String> CREATED = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static Path outside;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void startNode() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        daemon = new TestDaemon(panel, "").start();
        daemon.servers().awaitBoot(UP);
        outside = daemon.node().root().resolve("lib/volumes/outside-sentinel");
        Files.createDirectories(outside);
    }

    @AfterAll
    static void stopNode() {
        daemon.close();
        panel.close();
        DockerCli.removeContainers(CREATED);
    }

    /** After every test nothing may have been written beside the server roots. */
    @AfterEach
    void nothingWrittenOutsideTheRoots() throws IOException {
        try (var listing = Files.list(outside)) {
            assertThat(listing.toList()).isEmpty();
        }
    }

    private static String transferringServer() {
        String uuid = panel.addServerOnOtherNode(GameServers.server());
        CREATED.add(uuid);
        panel.setTransferring(uuid, true);
        return uuid;
    }

    private static String token(String uuid) {
        return PanelTokens.raw(claims -> {
                    claims.setSubject(uuid);
                    claims.setClaim("scope", "transfer");
                    claims.unsetClaim("user_uuid");
                    claims.unsetClaim("user_id");
                })
                .sign();
    }

    private Path root(String uuid) {
        return daemon.node().root().resolve("lib/volumes").resolve(uuid);
    }

    private HttpResponse<String> post(String authorization, String boundary, InputStream body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + daemon.port() + "/api/transfers"))
                .timeout(UP)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                // Unknown length: chunked, as the Go source streams it.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String uuid, byte[] body, String boundary) throws Exception {
        return post("Bearer " + token(uuid), boundary, GoWingsStream.irregular(body, uuid.hashCode()));
    }

    private void assertNothingLeft(String uuid) {
        await().atMost(UP).untilAsserted(() -> {
            assertThat(daemon.servers().get(uuid)).isEmpty();
            assertThat(root(uuid)).doesNotExist();
        });
        assertThat(DockerCli.run("ps", "-a", "--filter", "name=^" + uuid + "$", "--format", "{{.Names}}"))
                .isBlank();
    }

    private void assertFailureReported(String uuid) {
        panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure"), UP);
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success")))
                .isEmpty();
    }

    @Test
    void aGoWingsStreamArrivesWithContentModesAndAContainerAndThePanelIsTold() throws Exception {
        String uuid = transferringServer();
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(big);
        byte[] archive = new GoWingsStream()
                .file("server.properties", "motd=hello\n".getBytes(StandardCharsets.UTF_8), 0644)
                .file("start.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755)
                .file("world/region/r.0.0.mca", big, 0600)
                .file("world/empty.dat", new byte[0], 0644)
                .file("плагины/Größe-" + "x".repeat(120) + ".yml", "ü: 1\n".getBytes(StandardCharsets.UTF_8), 0640)
                .fifo("logs/pipe")
                .archive();
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(
                boundary,
                GoWingsStream.archivePart(archive),
                GoWingsStream.checksumPart(GoWingsStream.sha256Hex(archive)));

        HttpResponse<String> response = send(uuid, body, boundary);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        Path root = root(uuid);
        assertThat(Files.readString(root.resolve("server.properties"))).isEqualTo("motd=hello\n");
        assertThat(Files.readAllBytes(root.resolve("world/region/r.0.0.mca"))).isEqualTo(big);
        assertThat(Files.size(root.resolve("world/empty.dat"))).isZero();
        assertThat(Files.readString(root.resolve("плагины/Größe-" + "x".repeat(120) + ".yml")))
                .isEqualTo("ü: 1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("start.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("world/region/r.0.0.mca"))))
                .isEqualTo("rw-------");
        // The Panel heard success; the server is listed, no longer transferring, its container created (not started).
        panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/transfer/success"), UP);
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure")))
                .isEmpty();
        assertThat(daemon.servers()
                        .get(uuid)
                        .orElseThrow()
                        .server()
                        .transferring()
                        .get())
                .isFalse();
        assertThat(daemon.state(uuid)).isEqualTo("offline");
        assertThat(DockerCli.run("inspect", "--format", "{{.State.Status}}", uuid)
                        .trim())
                .isEqualTo("created");
    }

    @Test
    void aWrongChecksumIsRefusedReportedAndLeavesNothing() throws Exception {
        String uuid = transferringServer();
        byte[] archive = new GoWingsStream()
                .file("a.txt", "a".getBytes(StandardCharsets.UTF_8), 0644)
                .archive();
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(
                boundary,
                GoWingsStream.archivePart(archive),
                GoWingsStream.checksumPart(GoWingsStream.sha256Hex("other".getBytes(StandardCharsets.UTF_8))));

        HttpResponse<String> response = send(uuid, body, boundary);

        assertThat(response.statusCode()).isBetween(400, 599);
        assertThat(Http.json(response).path("error").asText()).isEqualTo("checksums don't match");
        assertFailureReported(uuid);
        assertNothingLeft(uuid);
    }

    @Test
    void bytesAfterTheGzipTrailerAreRefusedEvenWithTheirChecksum() throws Exception {
        // A Java source never appends bytes after the trailer (§6.5); a destination must not take them as data.
        String uuid = transferringServer();
        byte[] archive = new GoWingsStream()
                .file("a.txt", "a".getBytes(StandardCharsets.UTF_8), 0644)
                .archive();
        byte[] padded = Arrays.copyOf(archive, archive.length + 4096);
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(
                boundary,
                GoWingsStream.archivePart(padded),
                GoWingsStream.checksumPart(GoWingsStream.sha256Hex(padded)));

        assertThat(send(uuid, body, boundary).statusCode()).isNotEqualTo(200);
        assertFailureReported(uuid);
        assertNothingLeft(uuid);
    }

    @Test
    void aChecksumBeforeTheArchiveIsRefused() throws Exception {
        String uuid = transferringServer();
        byte[] archive = new GoWingsStream()
                .file("a.txt", "a".getBytes(StandardCharsets.UTF_8), 0644)
                .archive();
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(
                boundary,
                GoWingsStream.checksumPart(GoWingsStream.sha256Hex(archive)),
                GoWingsStream.archivePart(archive));

        HttpResponse<String> response = send(uuid, body, boundary);

        assertThat(Http.json(response).path("error").asText()).isEqualTo("archive must be sent before the checksum");
        assertFailureReported(uuid);
        assertNothingLeft(uuid);
    }

    @Test
    void aMissingChecksumIsRefused() throws Exception {
        String uuid = transferringServer();
        byte[] archive = new GoWingsStream()
                .file("a.txt", "a".getBytes(StandardCharsets.UTF_8), 0644)
                .archive();
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(boundary, GoWingsStream.archivePart(archive));

        HttpResponse<String> response = send(uuid, body, boundary);

        assertThat(Http.json(response).path("error").asText()).isEqualTo("missing archive or checksum");
        assertFailureReported(uuid);
        assertNothingLeft(uuid);
    }

    @Test
    void aTruncatedArchiveIsRefused() throws Exception {
        String uuid = transferringServer();
        byte[] big = new byte[2 * 1024 * 1024];
        new Random(2).nextBytes(big);
        byte[] archive = new GoWingsStream().file("big.bin", big, 0644).archive();
        byte[] cut = Arrays.copyOf(archive, archive.length / 2);
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(
                boundary, GoWingsStream.archivePart(cut), GoWingsStream.checksumPart(GoWingsStream.sha256Hex(cut)));

        assertThat(send(uuid, body, boundary).statusCode()).isNotEqualTo(200);
        assertFailureReported(uuid);
        assertNothingLeft(uuid);
    }

    @Test
    void anEntryClimbingOutOfTheRootIsRefusedAndWritesNothingOutside() throws Exception {
        String uuid = transferringServer();
        byte[] archive = new GoWingsStream()
                .file("ok.txt", "ok".getBytes(StandardCharsets.UTF_8), 0644)
                .file("../outside-sentinel/escaped.txt", "x".getBytes(StandardCharsets.UTF_8), 0644)
                .archive();
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(
                boundary,
                GoWingsStream.archivePart(archive),
                GoWingsStream.checksumPart(GoWingsStream.sha256Hex(archive)));

        assertThat(send(uuid, body, boundary).statusCode()).isNotEqualTo(200);
        assertFailureReported(uuid);
        assertNothingLeft(uuid);
    }

    @Test
    void linkEntriesAreNeverCreatedSoNothingCanBeWrittenThroughThem() throws Exception {
        String uuid = transferringServer();
        byte[] archive = new GoWingsStream()
                .symlink("out", "../outside-sentinel")
                .file("out/escaped.txt", "x".getBytes(StandardCharsets.UTF_8), 0644)
                .archive();
        String boundary = GoWingsStream.boundary();
        byte[] body = GoWingsStream.multipart(
                boundary,
                GoWingsStream.archivePart(archive),
                GoWingsStream.checksumPart(GoWingsStream.sha256Hex(archive)));

        assertThat(send(uuid, body, boundary).statusCode()).isEqualTo(200);
        Path out = root(uuid).resolve("out");
        assertThat(Files.isSymbolicLink(out)).isFalse();
        assertThat(out.resolve("escaped.txt")).hasContent("x");
    }

    @Nested
    class Tokens {
        @Test
        void noBearerHeaderIs401() throws Exception {
            HttpResponse<String> response = post(null, "b", InputStream.nullInputStream());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(Http.json(response).path("error").asText())
                    .isEqualTo("The required authorization headers were not present in the request.");
        }

        @Test
        void aTokenOfAnotherScopeIs403AndCreatesNothing() throws Exception {
            String uuid = transferringServer();
            String websocket = PanelTokens.raw(claims -> {
                        claims.setSubject(uuid);
                        claims.setClaim("scope", "websocket file-upload");
                    })
                    .sign();
            HttpResponse<String> response = post("Bearer " + websocket, "b", InputStream.nullInputStream());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(daemon.servers().get(uuid)).isEmpty();
            assertThat(panel.requests(FakePanel.call("GET", "/servers/" + uuid)))
                    .isEmpty();
        }

        @Test
        void aTokenSignedByAnotherNodeIs401() throws Exception {
            String uuid = transferringServer();
            String foreign = PanelTokens.raw(claims -> {
                        claims.setSubject(uuid);
                        claims.setClaim("scope", "transfer");
                    })
                    .key("AnotherNodesToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ")
                    .sign();
            HttpResponse<String> response = post("Bearer " + foreign, "b", InputStream.nullInputStream());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(daemon.servers().get(uuid)).isEmpty();
        }

        @Test
        void aServerAlreadyOnThisNodeIs409() throws Exception {
            String uuid = transferringServer();
            byte[] archive = new GoWingsStream()
                    .file("a.txt", "a".getBytes(StandardCharsets.UTF_8), 0644)
                    .archive();
            String boundary = GoWingsStream.boundary();
            byte[] body = GoWingsStream.multipart(
                    boundary,
                    GoWingsStream.archivePart(archive),
                    GoWingsStream.checksumPart(GoWingsStream.sha256Hex(archive)));
            assertThat(send(uuid, body, boundary).statusCode()).isEqualTo(200);

            HttpResponse<String> again = send(uuid, body, boundary);

            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(Files.readString(root(uuid).resolve("a.txt"))).isEqualTo("a");
        }
    }

    @Nested
    class Cancel {
        @Test
        void deleteWithNothingArrivingIs409() {
            HttpResponse<String> response = daemon.http()
                    .send(daemon.http()
                            .authorized("/api/transfers/" + UUID.randomUUID())
                            .DELETE());
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(Http.json(response).path("error").asText())
                    .isEqualTo("Server is not currently being transferred.");
        }

        @Test
        void deleteMidStreamStopsTheArrivalCleansUpAndReportsFailureOnce() throws Exception {
            // spec files-backups-transfers.md §6.4: the destination's cancel ends an arrival in progress.
            // The body is a valid archive that never ends (one huge entry whose bytes keep coming), so
            // only the cancel can end it: the daemon has nothing to refuse before the DELETE arrives.
            String uuid = transferringServer();
            String boundary = GoWingsStream.boundary();
            try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
                socket.setSoTimeout((int) UP.toMillis());
                OutputStream body = chunkedPost(socket, uuid, boundary);
                body.write(("--" + boundary
                                + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"archive.tar.gz\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Thread feeder = Thread.ofVirtual().start(() -> {
                    try {
                        GoWingsStream.endless(body, "world/region/r.0.0.mca");
                    } catch (IOException e) {
                        // the destination hung up: expected
                    }
                });
                await().atMost(UP).until(() -> daemon.servers().get(uuid).isPresent());
                HttpResponse<String> cancel = daemon.http()
                        .send(daemon.http().authorized("/api/transfers/" + uuid).DELETE());
                assertThat(cancel.statusCode()).isEqualTo(202);

                // The arrival is cleaned up and reported while the source is still sending.
                assertFailureReported(uuid);
                assertNothingLeft(uuid);
                // The source goes away (the 256 KiB drain of a refused body would otherwise wait for
                // this slow feed): the cancelled request is answered as such.
                feeder.interrupt();
                feeder.join();
                socket.shutdownOutput();
                assertThat(readAnswer(socket, "transfer cancelled"))
                        .startsWith("HTTP/1.1 500 ")
                        .contains("{\"error\":\"transfer cancelled\"");
            }
            assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/transfer/failure")))
                    .hasSize(1);
        }
    }

    /** Starts a chunked POST /api/transfers as a Go source does; each write of the result is one chunk. */
    private static OutputStream chunkedPost(Socket socket, String uuid, String boundary) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token(uuid) + "\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(b, off, len);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        };
    }

    /** The daemon's answer on a raw connection, read until {@code expected} shows or the connection ends. */
    private static String readAnswer(Socket socket, String expected) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (answer.indexOf(expected) >= 0) {
                break;
            }
        }
        return answer.toString();
    }

    @Test
    void aSourceThatDisappearsMidStreamLeavesNothingAndFailureIsReported() throws Exception {
        String uuid = transferringServer();
        String boundary = GoWingsStream.boundary();
        byte[] big = new byte[1024 * 1024];
        new Random(4).nextBytes(big);
        byte[] archive = new GoWingsStream().file("big.bin", big, 0644).archive();
        try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /api/transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token(uuid) + "\r\n"
                                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] part = ("--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"archive.tar.gz\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] half = Arrays.copyOf(archive, archive.length / 2);
            for (byte[] chunk : new byte[][] {part, half}) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            await().atMost(UP).until(() -> daemon.servers().get(uuid).isPresent());
        }
        // The connection is gone mid-part: the destination must notice, clean up and tell the Panel.
        assertFailureReported(uuid);
        assertNothingLeft(uuid);
    }
}
