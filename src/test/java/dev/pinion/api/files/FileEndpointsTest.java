package dev.pinion.api.files;

import static dev.pinion.api.files.FilesNode.assertWingsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.testing.Http;
import dev.pinion.testing.ServerConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The file endpoints over real HTTP against a real volume (spec panel-to-wings-api.md §5.1–5.10, §1.8;
 * files-backups-transfers.md §1.7, §2.2–2.4): Wings' JSON shapes, statuses and exact error strings, and
 * every refusal leaves the disk as it was.
 */
class FileEndpointsTest {
    private static final String NOT_FOUND = "The requested resources was not found on the system.";
    private static FilesNode node;
    private static String uuid;
    private static String tiny;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        ServerConfigBuilder normal = FilesNode.server().fileDenylist("secret.txt");
        ServerConfigBuilder small = FilesNode.server().disk(1);
        node = FilesNode.start("", normal, small);
        uuid = normal.uuid();
        tiny = small.uuid();
        base = "/api/servers/" + uuid + "/files/";
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void emptyVolume() throws Exception {
        node.clear(uuid);
    }

    private Path root() {
        return node.root(uuid);
    }

    private void put(String name, String content) throws Exception {
        Path path = root().resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private HttpResponse<String> get(String path) {
        return node.http().get(base + path);
    }

    private HttpResponse<String> writeRaw(String server, String file, byte[] body) {
        return node.http()
                .send(node.http()
                        .authorized("/api/servers/" + server + "/files/write?file=" + file)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    // ---------------------------------------------------------------- §5.1 contents

    @Test
    void contentsAreTheRawBytesWithExactContentLengthAndMime() throws Exception {
        put("server.properties", "motd=hello\n");
        HttpResponse<String> response = get("contents?file=/server.properties");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("motd=hello\n");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("11");
        assertThat(response.headers().firstValue("X-Mime-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
    }

    /** The Panel reads Content-Length to refuse big files (§5.1): never dropped for compression. */
    @Test
    void contentsKeepTheirContentLengthWhenTheClientAcceptsGzip() throws Exception {
        put("big.txt", "a".repeat(100_000));
        HttpResponse<String> response = node.http()
                .send(node.http()
                        .authorized(base + "contents?file=big.txt")
                        .header("Accept-Encoding", "gzip")
                        .GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding").orElse("identity"))
                .isEqualTo("identity");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("100000");
    }

    @Test
    void contentsWithDownloadAreAnAttachmentWithAGoQuotedName() throws Exception {
        put("a\"b.txt", "x");
        HttpResponse<String> response = get("contents?file=a%22b.txt&download=1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"a\\\"b.txt\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void contentsOfAMissingFileIs404WithWingsMessage() {
        assertWingsError(get("contents?file=nope.txt"), 404, NOT_FOUND);
    }

    @Test
    void contentsOfADirectoryIs400() throws Exception {
        Files.createDirectories(root().resolve("plugins"));
        assertWingsError(get("contents?file=plugins"), 400, "Cannot perform that action: file is a directory.");
    }

    @Test
    void contentsOfAFifoIs400AtOnceAndNeverHangs() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", root().resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertWingsError(get("contents?file=pipe"), 400, "Cannot open files of this type.");
    }

    @Test
    void contentsOfADenylistedFileIs403() throws Exception {
        put("secret.txt", "s");
        assertWingsError(
                get("contents?file=secret.txt"), 403, "This file cannot be modified: present in egg denylist.");
    }

    @Test
    void everyFileEndpointOfAnUnknownServerIs404() {
        String other = "/api/servers/00000000-0000-4000-8000-000000000000/files/";
        for (HttpResponse<String> response : List.of(
                node.http().get(other + "contents?file=a"),
                node.http().get(other + "list-directory?directory=/"),
                node.put(other + "rename", "{\"root\":\"/\",\"files\":[{\"from\":\"a\",\"to\":\"b\"}]}"),
                node.post(other + "copy", "{\"location\":\"a\"}"),
                node.post(other + "write?file=a", "x"),
                node.post(other + "create-directory", "{\"name\":\"a\",\"path\":\"/\"}"),
                node.post(other + "delete", "{\"root\":\"/\",\"files\":[\"a\"]}"),
                node.post(other + "chmod", "{\"root\":\"/\",\"files\":[{\"file\":\"a\",\"mode\":\"644\"}]}"),
                node.post(other + "compress", "{\"root\":\"/\",\"files\":[\"a\"]}"),
                node.post(other + "decompress", "{\"root\":\"/\",\"file\":\"a.zip\"}"))) {
            assertWingsError(response, 404, "The requested resource does not exist on this instance.");
        }
    }

    @Test
    void fileEndpointsNeedTheNodeToken() {
        HttpResponse<String> response = node.http()
                .send(node.http().request(base + "list-directory?directory=/").GET());
        assertWingsError(response, 401, "The required authorization heads were not present in the request.");
    }

    // ---------------------------------------------------------------- §5.2 list-directory

    @Test
    void listDirectoryHasWingsEntryShapeDirectoriesFirstAndTruthfulSymlinks() throws Exception {
        put("b.txt", "{\"a\":1}");
        put("a.txt", "hello");
        Files.createDirectories(root().resolve("world"));
        Files.createSymbolicLink(root().resolve("link"), Path.of("a.txt"));
        Files.setPosixFilePermissions(root().resolve("a.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        HttpResponse<String> response = get("list-directory?directory=/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode list = Http.json(response);
        assertThat(list).extracting(e -> e.path("name").asText()).containsExactly("world", "a.txt", "b.txt", "link");
        JsonNode a = list.get(1);
        assertThat(a.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly(
                        "name",
                        "created",
                        "modified",
                        "mode",
                        "mode_bits",
                        "size",
                        "directory",
                        "file",
                        "symlink",
                        "mime");
        assertThat(a.path("mode").asText()).isEqualTo("-rw-r--r--");
        assertThat(a.path("mode_bits").asText()).isEqualTo("644");
        assertThat(a.path("size").asLong()).isEqualTo(5);
        assertThat(a.path("file").asBoolean()).isTrue();
        assertThat(a.path("directory").asBoolean()).isFalse();
        assertThat(a.path("mime").asText()).isEqualTo("text/plain; charset=utf-8");
        assertThat(a.path("modified").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        JsonNode world = list.get(0);
        assertThat(world.path("directory").asBoolean()).isTrue();
        assertThat(world.path("mode").asText()).startsWith("d");
        assertThat(world.path("mime").asText()).isEqualTo("inode/directory");
        JsonNode link = list.get(3);
        assertThat(link.path("symlink").asBoolean()).isTrue();
        assertThat(link.path("mode").asText()).startsWith("L");
    }

    @Test
    void listingAnEmptyDirectoryIsAnEmptyArray() throws Exception {
        Files.createDirectories(root().resolve("empty"));
        HttpResponse<String> response = get("list-directory?directory=empty");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void listingAMissingDirectoryIs404() {
        assertWingsError(get("list-directory?directory=/nope"), 404, "The requested directory does not exist.");
    }

    // ---------------------------------------------------------------- §5.3 rename

    @Test
    void renameMovesAndCreatesMissingParents() throws Exception {
        put("a.txt", "a");
        var response =
                node.put(base + "rename", "{\"root\":\"/\",\"files\":[{\"from\":\"a.txt\",\"to\":\"sub/dir/b.txt\"}]}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(root().resolve("a.txt")).doesNotExist();
        assertThat(root().resolve("sub/dir/b.txt")).hasContent("a");
    }

    @Test
    void renameOntoAnExistingNameIs400AndMovesNothing() throws Exception {
        put("a.txt", "a");
        put("b.txt", "b");
        var response = node.put(base + "rename", "{\"root\":\"/\",\"files\":[{\"from\":\"a.txt\",\"to\":\"b.txt\"}]}");
        assertWingsError(response, 400, "Cannot move or rename file, destination already exists.");
        assertThat(root().resolve("a.txt")).hasContent("a");
        assertThat(root().resolve("b.txt")).hasContent("b");
    }

    @Test
    void renameOfAMissingSourceIsIgnored() {
        var response = node.put(base + "rename", "{\"root\":\"/\",\"files\":[{\"from\":\"nope\",\"to\":\"b\"}]}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(root().resolve("b")).doesNotExist();
    }

    @Test
    void renameWithNoFilesIs422() {
        assertWingsError(
                node.put(base + "rename", "{\"root\":\"/\",\"files\":[]}"),
                422,
                "No files to move or rename were provided.");
    }

    @Test
    void renameOntoADenylistedNameIs403() throws Exception {
        put("a.txt", "a");
        assertWingsError(
                node.put(base + "rename", "{\"root\":\"/\",\"files\":[{\"from\":\"a.txt\",\"to\":\"secret.txt\"}]}"),
                403,
                "This file cannot be modified: present in egg denylist.");
        assertThat(root().resolve("a.txt")).hasContent("a");
    }

    @Test
    void anEmptyJsonBodyIs400NotParsable() {
        var response = node.http()
                .send(node.http()
                        .authorized(base + "rename")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo("The data passed in the request was not in a parsable format. Please try again.");
    }

    // ---------------------------------------------------------------- §5.4 copy

    @Test
    void copyIsNamedAsWingsNamesItNextToTheOriginal() throws Exception {
        put("dir/pack.tar.gz", "x");
        assertThat(node.post(base + "copy", "{\"location\":\"/dir/pack.tar.gz\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(node.post(base + "copy", "{\"location\":\"/dir/pack.tar.gz\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(root().resolve("dir/pack copy.tar.gz")).hasContent("x");
        assertThat(root().resolve("dir/pack copy 1.tar.gz")).hasContent("x");
    }

    @Test
    void copyOfAMissingFileIs404() {
        assertWingsError(node.post(base + "copy", "{\"location\":\"/nope.txt\"}"), 404, NOT_FOUND);
    }

    @Test
    void copyWithoutALocationIs400() {
        assertWingsError(
                node.post(base + "copy", "{}"),
                400,
                "An unexpected error was encountered while processing this request");
    }

    // ---------------------------------------------------------------- §5.5 write

    @Test
    void writeStoresTheRawBodyDespiteTheJsonContentType() throws Exception {
        byte[] body = "not { json".getBytes(StandardCharsets.UTF_8);
        assertThat(writeRaw(uuid, "/cfg/server.properties", body).statusCode()).isEqualTo(204);
        assertThat(root().resolve("cfg/server.properties")).hasBinaryContent(body);
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(root().resolve("cfg/server.properties"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void writeOfAnEmptyBodyTruncatesTheFile() throws Exception {
        put("log.txt", "old content");
        assertThat(writeRaw(uuid, "log.txt", new byte[0]).statusCode()).isEqualTo(204);
        assertThat(root().resolve("log.txt")).isEmptyFile();
    }

    @Test
    void writeWithoutContentLengthIs400AndWritesNothing() {
        var response = node.http()
                .send(node.http()
                        .authorized(base + "write?file=chunked.txt")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream("abc".getBytes()))));
        assertWingsError(response, 400, "Missing Content-Length");
        assertThat(root().resolve("chunked.txt")).doesNotExist();
    }

    @Test
    void writeOntoADirectoryIs400() throws Exception {
        Files.createDirectories(root().resolve("plugins"));
        assertWingsError(
                writeRaw(uuid, "plugins", "x".getBytes()),
                400,
                "Cannot write file, name conflicts with an existing directory by the same name.");
    }

    @Test
    void writeOfADenylistedFileIs403AndLeavesItAlone() throws Exception {
        put("secret.txt", "original");
        assertWingsError(
                writeRaw(uuid, "secret.txt", "changed".getBytes()),
                403,
                "This file cannot be modified: present in egg denylist.");
        assertThat(root().resolve("secret.txt")).hasContent("original");
    }

    @Test
    void writeBeyondTheDiskLimitIs400AndLeavesNoFile() {
        byte[] twoMiB = new byte[2 * 1024 * 1024];
        assertWingsError(
                writeRaw(tiny, "big.bin", twoMiB),
                400,
                "There is not enough disk space available to perform that action.");
        assertThat(node.root(tiny).resolve("big.bin")).doesNotExist();
    }

    // ---------------------------------------------------------------- §5.6 create-directory

    @Test
    void createDirectoryMakesTheWholePath() {
        assertThat(node.post(base + "create-directory", "{\"name\":\"c/d\",\"path\":\"/a/b\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(root().resolve("a/b/c/d")).isDirectory();
    }

    @Test
    void createDirectoryThroughAFileIs400NotADirectory() throws Exception {
        put("file", "x");
        assertWingsError(
                node.post(base + "create-directory", "{\"name\":\"sub\",\"path\":\"/file\"}"),
                400,
                "Part of the path being created is not a directory (ENOTDIR).");
    }

    // ---------------------------------------------------------------- §5.7 delete

    @Test
    void deleteRemovesFilesAndTreesAndIgnoresMissingOnes() throws Exception {
        put("a.txt", "a");
        put("world/region/r.0.0.mca", "r");
        var response = node.post(base + "delete", "{\"root\":\"/\",\"files\":[\"a.txt\",\"world\",\"nope\"]}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(root().resolve("a.txt")).doesNotExist();
        assertThat(root().resolve("world")).doesNotExist();
    }

    @Test
    void deleteWithNoFilesIs422() {
        assertWingsError(
                node.post(base + "delete", "{\"root\":\"/\",\"files\":[]}"),
                422,
                "No files were specified for deletion.");
    }

    // ---------------------------------------------------------------- §5.10 chmod

    @Test
    void chmodTakesAnOctalStringOrANumber() throws Exception {
        put("start.sh", "#!/bin/sh");
        put("other.sh", "#!/bin/sh");
        var response = node.post(
                base + "chmod",
                "{\"root\":\"/\",\"files\":[{\"file\":\"start.sh\",\"mode\":\"755\"},{\"file\":\"other.sh\",\"mode\":700}]}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root().resolve("start.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root().resolve("other.sh"))))
                .isEqualTo("rwx------");
    }

    @Test
    void chmodWithANonOctalModeIs400AndChangesNothing() throws Exception {
        put("start.sh", "x");
        Files.setPosixFilePermissions(root().resolve("start.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        assertWingsError(
                node.post(base + "chmod", "{\"root\":\"/\",\"files\":[{\"file\":\"start.sh\",\"mode\":\"9z\"}]}"),
                400,
                "Invalid file mode.");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root().resolve("start.sh"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void chmodWithNoFilesIs422() {
        assertWingsError(
                node.post(base + "chmod", "{\"root\":\"/\",\"files\":[]}"), 422, "No files to chmod were provided.");
    }

    // ---------------------------------------------------------------- §5.8 compress, §5.9 decompress

    @Test
    void compressAnswers200WithTheArchiveEntry() throws Exception {
        put("world/level.dat", "level");
        put("server.properties", "motd=x");
        var response = node.post(base + "compress", "{\"root\":\"/\",\"files\":[\"world\",\"server.properties\"]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode entry = Http.json(response);
        assertThat(entry.path("name").asText()).matches("archive-\\d{4}-\\d\\d-\\d\\dT\\d{6}(Z|[+-]\\d{4})\\.tar\\.gz");
        assertThat(entry.path("mime").asText()).isEqualTo("application/tar+gzip");
        assertThat(entry.path("file").asBoolean()).isTrue();
        assertThat(root().resolve(entry.path("name").asText())).isRegularFile();
        assertThat(entry.path("size").asLong())
                .isEqualTo(Files.size(root().resolve(entry.path("name").asText())));
    }

    @Test
    void compressWithNoFilesIs422() {
        assertWingsError(
                node.post(base + "compress", "{\"root\":\"/\",\"files\":[]}"),
                422,
                "No files were passed through to be compressed.");
    }

    @Test
    void decompressExtractsAZipIntoTheRoot() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("plugins/a.jar"));
            out.write("jar".getBytes());
            out.closeEntry();
        }
        Files.createDirectories(root().resolve("up"));
        Files.write(root().resolve("up/pack.zip"), zip.toByteArray());
        var response = node.post(base + "decompress", "{\"root\":\"/up\",\"file\":\"pack.zip\"}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(root().resolve("up/plugins/a.jar")).hasContent("jar");
    }

    @Test
    void decompressOfASingleGzFileWritesItBesideItself() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("log line\n".getBytes());
        }
        Files.write(root().resolve("latest.log.gz"), gz.toByteArray());
        assertThat(node.post(base + "decompress", "{\"root\":\"/\",\"file\":\"latest.log.gz\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(root().resolve("latest.log")).hasContent("log line");
    }

    @Test
    void decompressOfAnUnknownFormatIs400() throws Exception {
        put("notes.txt", "just text");
        assertWingsError(
                node.post(base + "decompress", "{\"root\":\"/\",\"file\":\"notes.txt\"}"),
                400,
                "The archive provided is in a format Wings does not understand.");
    }

    @Test
    void decompressOfAZipSlipArchiveCreatesNothingOutside() throws Exception {
        var before = FilesNode.snapshot(node.outside);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("../../../../outside/evil.txt"));
            out.write("evil".getBytes());
            out.closeEntry();
        }
        Files.write(root().resolve("slip.zip"), zip.toByteArray());
        var response = node.post(base + "decompress", "{\"root\":\"/\",\"file\":\"slip.zip\"}");
        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(FilesNode.snapshot(node.outside)).isEqualTo(before);
    }

    @Test
    void writeIsNotBoundByTheJsonBodyLimit() {
        // The Panel labels the body JSON; a 5 MiB file is still written (pinion.max_json_body_bytes is 4 MiB).
        byte[] five = new byte[5 * 1024 * 1024];
        assertThat(writeRaw(uuid, "big.bin", five).statusCode()).isEqualTo(204);
        assertThat(root().resolve("big.bin")).hasSize(five.length);
    }
}
