package dev.pinion.api.files;

import static dev.pinion.api.files.FilesNode.assertWingsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.PanelTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /upload/file (spec panel-to-wings-api.md §7.5, §1.10; files-backups-transfers.md §4.6): field
 * {@code files}, the per-file limit of {@code api.upload_limit} MiB checked before anything is written,
 * confinement of {@code directory} and names, and the upload token's one-time use and scope.
 */
class SignedUploadTest {
    private static final String BOUNDARY = "----pinionTestBoundary7MA4YWxkTrZu0gW";
    private static FilesNode node;
    private static String uuid;
    private static String limited;

    @BeforeAll
    static void start() throws Exception {
        var server = FilesNode.server().fileDenylist("secret.txt");
        var small = FilesNode.server().disk(2);
        node = FilesNode.start("api:\n  host: 127.0.0.1\n  port: 0\n  upload_limit: 1\n", server, small);
        uuid = server.uuid();
        limited = small.uuid();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void empty() throws Exception {
        node.clear(uuid);
        node.clear(limited);
    }

    /** Where the daemon spools uploads while they arrive (issue #10 item 5). */
    private static Path spool() {
        return node.daemon.node().root().resolve("tmp/uploads");
    }

    private static List<String> spooled() throws Exception {
        try (var files = Files.list(spool())) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }

    /**
     * An endless multipart body: part after part of {@code partBytes} zeros, each within the per-file
     * limit; {@code pause}, when given, holds the stream after the first part until it counts down.
     */
    private static InputStream endlessParts(int partBytes, AtomicLong sent, CountDownLatch pause) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int at;
            private int part;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == chunk.length) {
                    if (part == 1 && pause != null) {
                        try {
                            pause.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return -1;
                        }
                    }
                    ByteArrayOutputStream next = new ByteArrayOutputStream();
                    next.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; "
                                    + "filename=\"part" + part++ + ".bin\"\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    next.writeBytes(new byte[partBytes]);
                    next.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
                    chunk = next.toByteArray();
                    at = 0;
                }
                int n = Math.min(len, chunk.length - at);
                System.arraycopy(chunk, at, b, off, n);
                at += n;
                sent.addAndGet(n);
                return n;
            }
        };
    }

    private static HttpResponse<String> uploadStream(String server, InputStream body) {
        try {
            return node.http()
                    .send(node.http()
                            .request("/upload/file?token="
                                    + PanelTokens.upload(server).sign())
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)));
        } catch (UncheckedIOException e) {
            // the server may close the connection before the client has finished sending
            return null;
        }
    }

    private Path root() {
        return node.root(uuid);
    }

    private record Part(String field, String fileName, byte[] content) {}

    private static byte[] multipart(Part... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part.field() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"")
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static HttpResponse<String> upload(String token, String directory, byte[] body) {
        String query = "?token=" + token
                + (directory == null ? "" : "&directory=" + URLEncoder.encode(directory, StandardCharsets.UTF_8));
        return node.http()
                .send(node.http()
                        .request("/upload/file" + query)
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUploadWritesEachFileIntoTheDirectoryAndAnswers200Empty() throws Exception {
        HttpResponse<String> response = upload(
                PanelTokens.upload(uuid).sign(),
                "/plugins",
                multipart(new Part("files", "a.jar", bytes("AAA")), new Part("files", "b.jar", bytes("BB"))));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(root().resolve("plugins/a.jar")).hasContent("AAA");
        assertThat(root().resolve("plugins/b.jar")).hasContent("BB");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root().resolve("plugins/a.jar"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void withoutADirectoryFilesGoToTheRoot() {
        assertThat(upload(PanelTokens.upload(uuid).sign(), null, multipart(new Part("files", "x.txt", bytes("x"))))
                        .statusCode())
                .isEqualTo(200);
        assertThat(root().resolve("x.txt")).hasContent("x");
    }

    @Test
    void aClientPathInTheFileNameIsReducedToItsBaseName() {
        assertThat(upload(
                                PanelTokens.upload(uuid).sign(),
                                "/",
                                multipart(new Part("files", "../../outside/evil.txt", bytes("e"))))
                        .statusCode())
                .isEqualTo(200);
        assertThat(root().resolve("evil.txt")).hasContent("e");
        assertThat(node.outside.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void aFileOverTheLimitIs400AndNothingIsWritten() {
        byte[] big = new byte[1024 * 1024 + 1];
        HttpResponse<String> response = upload(
                PanelTokens.upload(uuid).sign(),
                "/",
                multipart(new Part("files", "small.txt", bytes("s")), new Part("files", "big.bin", big)));
        assertWingsError(response, 400, "File big.bin is larger than the maximum file upload size of 1 MB.");
        assertThat(root().resolve("small.txt")).doesNotExist();
        assertThat(root().resolve("big.bin")).doesNotExist();
    }

    /** The limit is enforced while the body arrives: a huge part is refused without being spooled. */
    @Test
    void aHugeUploadIsRefusedWhileItIsStillArriving() {
        long total = 64L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        byte[] head = ("--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"huge.bin\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                long n = sent.getAndIncrement();
                if (n < head.length) {
                    return head[(int) n] & 0xff;
                }
                return n < total ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int i = 0;
                for (; i < len; i++) {
                    int c = read();
                    if (c < 0) {
                        return i == 0 ? -1 : i;
                    }
                    b[off + i] = (byte) c;
                }
                return i;
            }
        };
        HttpResponse<String> response;
        try {
            response = node.http()
                    .send(node.http()
                            .request("/upload/file?token="
                                    + PanelTokens.upload(uuid).sign())
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)));
        } catch (UncheckedIOException e) {
            // the server may close the connection before the client has finished sending
            response = null;
        }
        if (response != null) {
            assertWingsError(response, 400, "File huge.bin is larger than the maximum file upload size of 1 MB.");
        }
        assertThat(sent.get()).isLessThan(total);
        assertThat(root().resolve("huge.bin")).doesNotExist();
    }

    /**
     * Issue #10 item 5: files each within the per-file limit but more in all than the server's quota
     * (2 MiB) are refused while they arrive, with Wings' disk-space error; nothing is written and
     * nothing stays spooled.
     */
    @Test
    void partsBeyondTheRemainingQuotaAreRefusedWhileTheyArrive() throws Exception {
        AtomicLong sent = new AtomicLong();
        HttpResponse<String> response = uploadStream(limited, endlessParts(512 * 1024, sent, null));
        if (response != null) {
            assertWingsError(response, 400, "There is not enough disk space available to perform that action.");
        }
        assertThat(sent.get()).as("bytes the client got to send").isLessThan(16L * 1024 * 1024);
        try (var files = Files.list(node.root(limited))) {
            assertThat(files).isEmpty();
        }
        assertThat(spooled()).isEmpty();
    }

    @Test
    void filesThatFitTheQuotaTogetherAreStored() {
        byte[] half = new byte[700 * 1024];
        HttpResponse<String> response = upload(
                PanelTokens.upload(limited).sign(),
                "/",
                multipart(new Part("files", "one.bin", half), new Part("files", "two.bin", half)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(node.root(limited).resolve("one.bin")).hasSize(half.length);
        assertThat(node.root(limited).resolve("two.bin")).hasSize(half.length);
    }

    /** Go's multipart reader takes at most 1,000 parts; Wings then cannot read the form. */
    @Test
    void aThousandPartsAreReadAndOneMoreIsRefused() throws Exception {
        Part[] parts = new Part[1001];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Part("files", "f" + i + ".txt", bytes("x"));
        }
        HttpResponse<String> tooMany = upload(PanelTokens.upload(uuid).sign(), "/many", multipart(parts));
        assertWingsError(tooMany, 400, "Failed to get multipart form data from request.");
        assertThat(root().resolve("many")).doesNotExist();

        HttpResponse<String> enough =
                upload(PanelTokens.upload(uuid).sign(), "/many", multipart(Arrays.copyOf(parts, 1000)));
        assertThat(enough.statusCode()).isEqualTo(200);
        try (var files = Files.list(root().resolve("many"))) {
            assertThat(files).hasSize(1000);
        }
        assertThat(spooled()).isEmpty();
    }

    /** The body is spooled under system.tmp_directory while it arrives, and the spool is gone after. */
    @Test
    void anArrivingUploadIsSpooledUnderTheNodesTmpDirectoryOnly() throws Exception {
        AtomicLong sent = new AtomicLong();
        CountDownLatch pause = new CountDownLatch(1);
        InputStream body = endlessParts(256 * 1024, sent, pause);
        // Two parts then the end: the second part starts only when the test lets it.
        InputStream twoParts = new SequenceInputStream(
                new InputStream() {
                    private final InputStream source = body;
                    private long left = -1;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left < 0) {
                            left = 2L * partLength(256 * 1024, 0);
                        }
                        if (left == 0) {
                            return -1;
                        }
                        int n = source.read(b, off, (int) Math.min(len, left));
                        left -= n;
                        return n;
                    }
                },
                new ByteArrayInputStream(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(
                () -> uploadStream(uuid, twoParts),
                runnable -> Thread.ofVirtual().start(runnable));

        await().atMost(Duration.ofSeconds(30)).until(() -> !spooled().isEmpty());
        assertThat(root().resolve("part0.bin"))
                .as("nothing is written before the form is whole")
                .doesNotExist();
        pause.countDown();

        assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(root().resolve("part0.bin")).hasSize(256 * 1024);
        assertThat(root().resolve("part1.bin")).hasSize(256 * 1024);
        assertThat(spooled()).isEmpty();
    }

    /** Bytes of part {@code index} of {@link #endlessParts}: its header, content and CRLF. */
    private static long partLength(int partBytes, int index) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"part" + index
                                + ".bin\"\r\n\r\n")
                        .length()
                + partBytes
                + 2;
    }

    @Test
    void aFileOfExactlyTheLimitIsAccepted() {
        byte[] limit = new byte[1024 * 1024];
        assertThat(upload(PanelTokens.upload(uuid).sign(), "/", multipart(new Part("files", "limit.bin", limit)))
                        .statusCode())
                .isEqualTo(200);
        assertThat(root().resolve("limit.bin")).hasSize(limit.length);
    }

    @Test
    void aFormWithoutAFilesFieldIs400() {
        assertWingsError(
                upload(PanelTokens.upload(uuid).sign(), "/", multipart(new Part("file", "x.txt", bytes("x")))),
                400,
                "No files were found on the request body.");
    }

    @Test
    void aBodyThatIsNotMultipartIs400() {
        HttpResponse<String> response = node.http()
                .send(node.http()
                        .request(
                                "/upload/file?token=" + PanelTokens.upload(uuid).sign())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertWingsError(response, 400, "Failed to get multipart form data from request.");
    }

    @Test
    void aReplayedTokenIs404() {
        String token = PanelTokens.upload(uuid).sign();
        assertThat(upload(token, "/", multipart(new Part("files", "1.txt", bytes("1"))))
                        .statusCode())
                .isEqualTo(200);
        assertWingsError(
                upload(token, "/", multipart(new Part("files", "2.txt", bytes("2")))),
                404,
                "The requested resource was not found on this server.");
        assertThat(root().resolve("2.txt")).doesNotExist();
    }

    @Test
    void aDenylistedNameIs403() {
        assertWingsError(
                upload(PanelTokens.upload(uuid).sign(), "/", multipart(new Part("files", "secret.txt", bytes("s")))),
                403,
                "This file cannot be modified: present in egg denylist.");
        assertThat(root().resolve("secret.txt")).doesNotExist();
    }

    @Test
    void aDirectoryOutsideTheRootIsRefusedAndNothingIsWrittenOutside() {
        Map<String, String> before = FilesNode.snapshot(node.outside);
        HttpResponse<String> response = upload(
                PanelTokens.upload(uuid).sign(), "../../outside", multipart(new Part("files", "evil.txt", bytes("e"))));
        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(FilesNode.snapshot(node.outside)).isEqualTo(before);
    }

    /** CVE-2023-25152 through upload: a dangling symlink's outside target is never created. */
    @Test
    void anUploadOntoADanglingSymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(root().resolve("dangling.txt"), node.outside.resolve("created.txt"));
        Files.createSymbolicLink(root().resolve("outdir"), node.outside.resolve("dir"));
        Map<String, String> before = FilesNode.snapshot(node.outside);
        assertThat(upload(
                                PanelTokens.upload(uuid).sign(),
                                "/",
                                multipart(new Part("files", "dangling.txt", bytes("e"))))
                        .statusCode())
                .isBetween(400, 404);
        assertThat(upload(
                                PanelTokens.upload(uuid).sign(),
                                "/outdir",
                                multipart(new Part("files", "new.txt", bytes("e"))))
                        .statusCode())
                .isBetween(400, 404);
        assertThat(node.outside.resolve("created.txt")).doesNotExist();
        assertThat(FilesNode.snapshot(node.outside)).isEqualTo(before);
    }

    /** CVE-2026-54593 / GHSA-8r6w-3qq5-4p4r: websocket, download, backup and unscoped tokens cannot upload. */
    @Test
    void tokensSignedForOtherEndpointsCannotUpload() {
        String websocket = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("permissions", List.of("*"));
                    c.setClaim("scope", "websocket");
                })
                .sign();
        String download = PanelTokens.fileDownload(uuid, "/x.txt").sign();
        String backup = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("backup_uuid", "6b1e2b9e-0000-4000-8000-000000000000");
                    c.setClaim("scope", "backup-download");
                })
                .sign();
        String unscoped = PanelTokens.raw(c -> c.setClaim("server_uuid", uuid)).sign();
        for (String token : new String[] {websocket, download, backup, unscoped}) {
            assertWingsError(
                    upload(token, "/", multipart(new Part("files", "x.txt", bytes("x")))),
                    403,
                    "You are not authorized to access this endpoint.");
        }
        assertThat(root().resolve("x.txt")).doesNotExist();
    }

    @Test
    void anInvalidTokenIs401() {
        HttpResponse<String> response = upload("not.a.jwt", "/", multipart(new Part("files", "x.txt", bytes("x"))));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(root().resolve("x.txt")).doesNotExist();
    }
}
