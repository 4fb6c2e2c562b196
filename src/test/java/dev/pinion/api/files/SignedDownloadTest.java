package dev.pinion.api.files;

import static dev.pinion.api.files.FilesNode.assertWingsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.testing.Http;
import dev.pinion.testing.PanelTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET and HEAD /download/file (spec panel-to-wings-api.md §7.1, §7.2, §7.4; files-backups-transfers.md
 * §4.2, §4.4, §4.5; seed 004; spec README "resumable signed downloads"): Range, HEAD, 416, and the
 * token bound to its first client. Other addresses come from X-Forwarded-For through a trusted proxy.
 */
class SignedDownloadTest {
    private static final String NOT_HERE = "The requested resource was not found on this server.";
    private static final String OTHER_CLIENT = "203.0.113.77";
    private static FilesNode node;
    private static String uuid;
    private static byte[] data;
    private static byte[] big;

    @BeforeAll
    static void start() throws Exception {
        var server = FilesNode.server().fileDenylist("secret.txt");
        node = FilesNode.start("api:\n  host: 127.0.0.1\n  port: 0\n  trusted_proxies: [\"127.0.0.1\"]\n", server);
        uuid = server.uuid();
        data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Path root = node.root(uuid);
        Files.write(root.resolve("world.bin"), data);
        Files.write(root.resolve("empty.bin"), new byte[0]);
        big = new byte[5 * 1024 * 1024 / 2 + 123];
        new Random(3).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("secret.txt"), "denied");
        Files.createDirectories(root.resolve("plugins"));
        Files.writeString(root.resolve("a\"\r\nSet-Cookie: x.txt"), "inject");
        Files.createSymbolicLink(root.resolve("outfile"), node.outside.resolve("secret.txt"));
        Files.writeString(root.resolve("caf\u00e9 \u4e16\u754c.txt"), "unicode");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<byte[]> get(String token, String range, String forwardedFor) {
        return send("GET", token, range, forwardedFor);
    }

    private static HttpResponse<byte[]> head(String token, String range, String forwardedFor) {
        return send("HEAD", token, range, forwardedFor);
    }

    private static HttpResponse<byte[]> send(String method, String token, String range, String forwardedFor) {
        HttpRequest.Builder request = node.http()
                .request("/download/file?token=" + token)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (range != null) {
            request.header("Range", range);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> text(HttpResponse<byte[]> response) {
        return new HttpResponse<>() {
            public int statusCode() {
                return response.statusCode();
            }

            public HttpRequest request() {
                return response.request();
            }

            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            public HttpHeaders headers() {
                return response.headers();
            }

            public String body() {
                return new String(response.body(), StandardCharsets.UTF_8);
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return response.uri();
            }

            public Version version() {
                return response.version();
            }
        };
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void aFullGetIs200WithLengthDispositionTypeAndAcceptRanges() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "/world.bin").sign(), null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
        assertThat(header(response, "Content-Length")).isEqualTo("10000");
        assertThat(header(response, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(response, "Content-Disposition")).isEqualTo("attachment; filename=\"world.bin\"");
        assertThat(header(response, "Content-Type")).isEqualTo("application/octet-stream");
    }

    /** Browsers send Accept-Encoding: gzip; a download must still carry its exact length and bytes. */
    @Test
    void aBrowserAcceptingGzipGetsTheExactBytesAndLength() throws Exception {
        HttpRequest request = node.http()
                .request("/download/file?token="
                        + PanelTokens.fileDownload(uuid, "world.bin").sign())
                .header("Accept-Encoding", "gzip, deflate, br")
                .header("Range", "bytes=0-4999")
                .GET()
                .build();
        HttpResponse<byte[]> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "Content-Encoding")).isIn(null, "identity");
        assertThat(header(response, "Content-Length")).isEqualTo("5000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(data, 0, 5000));
    }

    /** Bodies go out through one reused 1 MiB direct buffer: every refill must land in order. */
    @Test
    void aFileLargerThanTheCopyBufferArrivesWholeAndInRanges() {
        HttpResponse<byte[]> whole =
                get(PanelTokens.fileDownload(uuid, "/big.bin").sign(), null, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(header(whole, "Content-Length")).isEqualTo(String.valueOf(big.length));
        assertThat(whole.body()).isEqualTo(big);

        int first = 1024 * 1024 - 17;
        int last = 2 * 1024 * 1024 + 40;
        HttpResponse<byte[]> range =
                get(PanelTokens.fileDownload(uuid, "/big.bin").sign(), "bytes=" + first + "-" + last, null);
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(big, first, last + 1));
    }

    @Test
    void aClosedRangeIs206WithContentRange() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "world.bin").sign(), "bytes=0-1023", null);
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes 0-1023/10000");
        assertThat(header(response, "Content-Length")).isEqualTo("1024");
        assertThat(header(response, "Content-Disposition")).isEqualTo("attachment; filename=\"world.bin\"");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(data, 0, 1024));
    }

    @Test
    void anOpenEndedRangeRunsToTheEnd() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "world.bin").sign(), "bytes=500-", null);
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes 500-9999/10000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(data, 500, 10_000));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "world.bin").sign(), "bytes=-500", null);
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes 9500-9999/10000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(data, 9500, 10_000));
    }

    @Test
    void aRangePastTheEndIs416WithTheSize() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "world.bin").sign(), "bytes=10000-", null);
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes */10000");
        assertWingsError(text(response), 416, "The requested range is not satisfiable.");
    }

    @Test
    void anyRangeOfAnEmptyFileIs416() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "empty.bin").sign(), "bytes=0-", null);
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes */0");
    }

    @Test
    void malformedAndMultipleRangesGetTheWholeFile() {
        for (String range : new String[] {"bytes=abc", "items=0-1", "bytes=5-1", "bytes=0-1,5-9"}) {
            HttpResponse<byte[]> response =
                    get(PanelTokens.fileDownload(uuid, "world.bin").sign(), range, null);
            assertThat(response.statusCode()).as(range).isEqualTo(200);
            assertThat(response.body()).as(range).isEqualTo(data);
        }
    }

    @Test
    void headSendsTheHeadersOfTheGetWithoutABody() {
        String token = PanelTokens.fileDownload(uuid, "world.bin").sign();
        HttpResponse<byte[]> full = head(token, null, null);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEmpty();
        assertThat(header(full, "Content-Length")).isEqualTo("10000");
        assertThat(header(full, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(full, "Content-Disposition")).isEqualTo("attachment; filename=\"world.bin\"");
        HttpResponse<byte[]> partial = head(token, "bytes=100-199", null);
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(header(partial, "Content-Range")).isEqualTo("bytes 100-199/10000");
        assertThat(header(partial, "Content-Length")).isEqualTo("100");
        assertThat(head(token, "bytes=20000-", null).statusCode()).isEqualTo(416);
    }

    @Test
    void headNeverUsesTheTokenUpEvenFromAnotherAddress() {
        String token = PanelTokens.fileDownload(uuid, "world.bin").sign();
        assertThat(head(token, null, OTHER_CLIENT).statusCode()).isEqualTo(200);
        assertThat(head(token, null, null).statusCode()).isEqualTo(200);
        assertThat(get(token, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theFirstClientCanResumeWithRangesUntilExpiry() {
        String token = PanelTokens.fileDownload(uuid, "world.bin").sign();
        assertThat(get(token, "bytes=0-99", null).statusCode()).isEqualTo(206);
        HttpResponse<byte[]> resumed = get(token, "bytes=100-", null);
        assertThat(resumed.statusCode()).isEqualTo(206);
        assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(data, 100, 10_000));
        assertThat(head(token, null, null).statusCode()).isEqualTo(200);
        assertThat(get(token, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aBoundTokenIsRefusedFromAnyOtherAddress() {
        String token = PanelTokens.fileDownload(uuid, "world.bin").sign();
        assertThat(get(token, null, null).statusCode()).isEqualTo(200);
        assertWingsError(text(get(token, null, OTHER_CLIENT)), 404, NOT_HERE);
        assertThat(head(token, null, OTHER_CLIENT).statusCode()).isEqualTo(404);
    }

    @Test
    void theTokenIsUsedUpEvenWhenTheFileIsMissing() {
        String token = PanelTokens.fileDownload(uuid, "missing.bin").sign();
        assertWingsError(text(get(token, null, null)), 404, "The requested resources was not found on the system.");
        assertWingsError(text(get(token, null, OTHER_CLIENT)), 404, NOT_HERE);
    }

    @Test
    void anUnknownServerIs404() {
        String token = PanelTokens.fileDownload("00000000-0000-4000-8000-000000000000", "world.bin")
                .sign();
        assertWingsError(text(get(token, null, null)), 404, NOT_HERE);
    }

    @Test
    void aDirectoryIs404() {
        assertWingsError(text(get(PanelTokens.fileDownload(uuid, "plugins").sign(), null, null)), 404, NOT_HERE);
    }

    /** Panel #4059: a FIFO is refused at once, never opened for a blocking read. */
    @Test
    void aFifoIs400AtOnce() throws Exception {
        Process mkfifo =
                new ProcessBuilder("mkfifo", node.root(uuid).resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertWingsError(
                text(get(PanelTokens.fileDownload(uuid, "pipe").sign(), null, null)),
                400,
                "Cannot open files of this type.");
    }

    @Test
    void aDenylistedFileIs403() {
        assertWingsError(
                text(get(PanelTokens.fileDownload(uuid, "secret.txt").sign(), null, null)),
                403,
                "This file cannot be modified: present in egg denylist.");
    }

    /** CVE-2024-27102 through the signed download: a symlink or '..' out of the root is refused. */
    @Test
    void escapesThroughSymlinksAndDotDotAreRefused() {
        for (String path : new String[] {"outfile", "../../outside/secret.txt"}) {
            HttpResponse<byte[]> response =
                    get(PanelTokens.fileDownload(uuid, path).sign(), null, null);
            assertThat(response.statusCode()).as(path).isBetween(400, 404);
            assertThat(new String(response.body())).doesNotContain("host secret");
        }
    }

    /** 2021 header injection (files-backups-transfers.md §7 item 5): the name is Go-quoted on one line. */
    @Test
    void aNameWithQuotesAndNewlinesIsQuotedOnOneLine() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "a\"\r\nSet-Cookie: x.txt").sign(), null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(header(response, "Content-Disposition"))
                .isEqualTo("attachment; filename=\"a\\\"\\r\\nSet-Cookie: x.txt\"");
    }

    /** Go emits printable non-ASCII raw as UTF-8 (§4.4); Pinion adds an RFC 5987 filename* too. */
    @Test
    void aNonAsciiNameIsSentAsUtf8() {
        HttpResponse<byte[]> response =
                get(PanelTokens.fileDownload(uuid, "caf\u00e9 \u4e16\u754c.txt").sign(), null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        String raw = header(response, "Content-Disposition");
        String decoded = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertThat(decoded)
                .isEqualTo("attachment; filename=\"caf\u00e9 \u4e16\u754c.txt\"; "
                        + "filename*=UTF-8''caf%C3%A9%20%E4%B8%96%E7%95%8C.txt");
    }

    @Test
    void aBadTokenIs401NeverA500() {
        String expired = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("file_path", "world.bin");
                    c.setClaim("scope", "file-download");
                    c.setExpirationTimeMinutesInTheFuture(-1);
                })
                .sign();
        String otherKey = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("file_path", "world.bin");
                    c.setClaim("scope", "file-download");
                })
                .key("some-other-node-token-0123456789abcdef")
                .sign();
        String noExp = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("file_path", "world.bin");
                    c.setClaim("scope", "file-download");
                    c.unsetClaim("exp");
                })
                .sign();
        String[] parts = PanelTokens.fileDownload(uuid, "world.bin").sign().split("\\.");
        String algNone =
                Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
                        + "." + parts[1] + ".";
        for (String token : new String[] {expired, otherKey, noExp, algNone, "garbage", ""}) {
            HttpResponse<byte[]> response = get(token, null, null);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(Http.json(text(response)).path("error").asText()).isNotEmpty();
        }
    }

    /** CVE-2026-54593 / GHSA-8r6w-3qq5-4p4r: a token signed for another endpoint is refused. */
    @Test
    void aTokenScopedForAnotherEndpointIs403() {
        String websocket = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("file_path", "world.bin");
                    c.setClaim("permissions", List.of("*"));
                    c.setClaim("scope", "websocket");
                })
                .sign();
        String upload = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("file_path", "world.bin");
                    c.setClaim("scope", "file-upload");
                })
                .sign();
        String unscoped = PanelTokens.raw(c -> {
                    c.setClaim("server_uuid", uuid);
                    c.setClaim("file_path", "world.bin");
                })
                .sign();
        for (String token : new String[] {websocket, upload, unscoped}) {
            assertWingsError(text(get(token, null, null)), 403, "You are not authorized to access this endpoint.");
        }
    }
}
