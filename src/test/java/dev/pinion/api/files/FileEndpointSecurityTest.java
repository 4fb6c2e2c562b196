package dev.pinion.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.testing.Http;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Endpoint-level regressions for the Wings filesystem advisories (spec README table; files-backups-
 * transfers.md §7 items 3, 6, 7, 9, 14): a symlink inside the root pointing outside it is tried through
 * every file endpoint, and the outside directory must stay byte-for-byte and mode-for-mode unchanged.
 * The core has its own, deeper suite; these prove the HTTP layer adds no way around it.
 */
class FileEndpointSecurityTest {
    private static FilesNode node;
    private static String uuid;
    private static String base;
    private Map<String, String> before;

    @BeforeAll
    static void start() throws Exception {
        var server = FilesNode.server();
        node = FilesNode.start("", server);
        uuid = server.uuid();
        base = "/api/servers/" + uuid + "/files/";
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void links() throws Exception {
        node.clear(uuid);
        Path root = node.root(uuid);
        Files.createSymbolicLink(root.resolve("outfile"), node.outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("outdir"), node.outside.resolve("dir"));
        Files.createSymbolicLink(root.resolve("dangling"), node.outside.resolve("new.txt"));
        before = FilesNode.snapshot(node.outside);
    }

    @AfterEach
    void outsideIsUntouched() {
        assertThat(FilesNode.snapshot(node.outside)).isEqualTo(before);
        assertThat(node.outside.resolve("new.txt")).doesNotExist();
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 404);
        assertThat(Http.json(response).path("error").asText()).isNotEmpty();
        assertThat(Http.json(response).path("request_id").asText()).isNotEmpty();
    }

    private HttpResponse<String> write(String file, String body) {
        return node.http()
                .send(node.http()
                        .authorized(base + "write?file=" + file)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** CVE-2023-25152: writing to a dangling symlink must not create its outside target. */
    @Test
    void writeThroughADanglingSymlinkIsRefused() {
        assertRefused(write("dangling", "pwned"));
    }

    /** CVE-2023-25152: nor may a write go through a symlinked directory. */
    @Test
    void writeIntoASymlinkedDirectoryIsRefused() {
        assertRefused(write("outdir/new.txt", "pwned"));
        assertThat(node.outside.resolve("dir/new.txt")).doesNotExist();
    }

    /** CVE-2023-25152: create-directory under a symlinked directory creates nothing outside. */
    @Test
    void createDirectoryThroughASymlinkIsRefused() {
        assertRefused(node.post(base + "create-directory", "{\"name\":\"made\",\"path\":\"outdir\"}"));
        assertThat(node.outside.resolve("dir/made")).doesNotExist();
    }

    /** CVE-2023-25168: deleting a file through a symlinked directory fails and removes nothing. */
    @Test
    void deleteThroughASymlinkedDirectoryIsRefused() {
        assertRefused(node.post(base + "delete", "{\"root\":\"/\",\"files\":[\"outdir/source.txt\"]}"));
        assertRefused(node.post(base + "delete", "{\"root\":\"/outdir\",\"files\":[\"missing.txt\"]}"));
    }

    /** CVE-2023-25168: deleting the symlink itself removes the link and keeps its target. */
    @Test
    void deletingTheSymlinkItselfKeepsItsTarget() {
        assertThat(node.post(base + "delete", "{\"root\":\"/\",\"files\":[\"outdir\",\"outfile\"]}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(node.root(uuid).resolve("outdir")).doesNotExist();
        assertThat(node.outside.resolve("dir/source.txt")).exists();
    }

    /** CVE-2024-27102: reading contents through a symlink to a file or a directory outside is refused. */
    @Test
    void contentsThroughASymlinkAreRefused() {
        HttpResponse<String> direct = node.http().get(base + "contents?file=outfile");
        assertRefused(direct);
        assertThat(direct.body()).doesNotContain("host secret");
        HttpResponse<String> viaDir = node.http().get(base + "contents?file=outdir/source.txt");
        assertRefused(viaDir);
        assertThat(viaDir.body()).doesNotContain("outside source");
    }

    /** CVE-2024-27102: listing a symlinked directory reveals nothing outside. */
    @Test
    void listingASymlinkedDirectoryIsRefused() {
        HttpResponse<String> response = node.http().get(base + "list-directory?directory=outdir");
        assertRefused(response);
        assertThat(response.body()).doesNotContain("source.txt");
    }

    /** CVE-2024-27102: the lexical escape is refused too. */
    @Test
    void dotDotEscapesAreRefusedByEveryReadingEndpoint() {
        assertRefused(node.http().get(base + "contents?file=../../outside/secret.txt"));
        assertRefused(node.http().get(base + "list-directory?directory=../../"));
        assertRefused(node.post(base + "copy", "{\"location\":\"../../outside/secret.txt\"}"));
    }

    /** CVE-2024-27102: copying a symlink to an outside file copies nothing. */
    @Test
    void copyOfASymlinkIsRefused() throws Exception {
        assertRefused(node.post(base + "copy", "{\"location\":\"outfile\"}"));
        try (var entries = Files.list(node.root(uuid))) {
            assertThat(entries.map(p -> p.getFileName().toString())).doesNotContain("outfile copy");
        }
    }

    /** CVE-2024-27102: compressing a symlinked directory never packs outside content. */
    @Test
    void compressDoesNotFollowSymlinksOut() throws Exception {
        Files.writeString(node.root(uuid).resolve("inside.txt"), "inside");
        HttpResponse<String> response =
                node.post(base + "compress", "{\"root\":\"/\",\"files\":[\"outdir\",\"outfile\",\"inside.txt\"]}");
        if (response.statusCode() == 200) {
            Path archive =
                    node.root(uuid).resolve(Http.json(response).path("name").asText());
            byte[] tar = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(archive))).readAllBytes();
            String text = new String(tar, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("host secret").doesNotContain("outside source");
        } else {
            assertRefused(response);
        }
    }

    /** CVE-2024-27102 via decompress: neither reading an archive nor extracting through a symlinked root. */
    @Test
    void decompressThroughASymlinkedRootIsRefused() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("dropped.txt"));
            out.write("dropped".getBytes());
            out.closeEntry();
        }
        Files.write(node.root(uuid).resolve("inside.zip"), zip.toByteArray());
        assertRefused(node.post(base + "decompress", "{\"root\":\"/outdir\",\"file\":\"../inside.zip\"}"));
        assertThat(node.outside.resolve("dir/dropped.txt")).doesNotExist();
        assertRefused(node.post(base + "decompress", "{\"root\":\"/outdir\",\"file\":\"source.txt\"}"));
    }

    /** Renaming through a symlinked directory must not move the outside file. */
    @Test
    void renameThroughASymlinkedDirectoryIsRefused() {
        HttpResponse<String> response = node.put(
                base + "rename", "{\"root\":\"/\",\"files\":[{\"from\":\"outdir/source.txt\",\"to\":\"stolen.txt\"}]}");
        assertThat(response.statusCode()).isIn(204, 400, 403, 404);
        assertThat(node.root(uuid).resolve("stolen.txt")).doesNotExist();
    }

    /** GHSA-rhq6-9rgh-v45c: chmod never follows a symlink out of the root. */
    @Test
    void chmodDoesNotFollowSymlinks() {
        HttpResponse<String> link =
                node.post(base + "chmod", "{\"root\":\"/\",\"files\":[{\"file\":\"outfile\",\"mode\":\"777\"}]}");
        assertThat(link.statusCode()).isIn(204, 400, 404);
        HttpResponse<String> viaDir = node.post(
                base + "chmod", "{\"root\":\"/outdir\",\"files\":[{\"file\":\"source.txt\",\"mode\":\"777\"}]}");
        assertThat(viaDir.statusCode()).isIn(204, 400, 404);
    }
}
