package dev.pinion.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A running daemon with servers loaded from a fake Panel (they need not run for file endpoints), their
 * real volume directories, and an "outside" directory beside them whose sentinels every security test
 * proves untouched.
 */
final class FilesNode implements AutoCloseable {
    final FakePanel panel;
    final TestDaemon daemon;
    final Path outside;

    private FilesNode(FakePanel panel, TestDaemon daemon, Path outside) {
        this.panel = panel;
        this.daemon = daemon;
        this.outside = outside;
    }

    static FilesNode start(String extraYaml, ServerConfigBuilder... servers) throws Exception {
        FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        for (ServerConfigBuilder server : servers) {
            panel.addServer(server);
        }
        TestDaemon daemon = new TestDaemon(panel, extraYaml).start();
        for (ServerConfigBuilder server : servers) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() ->
                            daemon.http().get("/api/servers/" + server.uuid()).statusCode() == 200);
        }
        Path outside = daemon.node().root().resolve("outside");
        Files.createDirectories(outside.resolve("dir"));
        Files.writeString(outside.resolve("secret.txt"), "host secret");
        Files.writeString(outside.resolve("dir/source.txt"), "outside source");
        return new FilesNode(panel, daemon, outside);
    }

    static ServerConfigBuilder server() {
        return GameServers.server();
    }

    Http http() {
        return daemon.http();
    }

    Path root(String uuid) {
        return daemon.node().root().resolve("lib/volumes").resolve(uuid);
    }

    /** Empties a server's volume between tests (the tests never rely on cached quota usage). */
    void clear(String uuid) throws IOException {
        Path root = root(uuid);
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                deleteTree(entry);
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (Files.isSymbolicLink(path) || !Files.isDirectory(path)) {
            Files.deleteIfExists(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Every path under {@code dir} with its mode and content hash (symlinks not followed). */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String mode = Files.isSymbolicLink(p)
                        ? "link:" + Files.readSymbolicLink(p)
                        : PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String hash = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        ? HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                        : "";
                out.put(dir.relativize(p).toString(), mode + " " + hash);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    HttpResponse<String> post(String path, String json) {
        return http().postJson(path, json);
    }

    HttpResponse<String> put(String path, String json) {
        return http().send(http().authorized(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Asserts the Wings error body: exact message, and request_id equal to the X-Request-Id header. */
    static void assertWingsError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        var body = Http.json(response);
        assertThat(body.path("error").asText()).isEqualTo(message);
        assertThat(body.path("request_id").asText())
                .isNotEmpty()
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElse(""));
    }

    @Override
    public void close() {
        daemon.close();
        panel.close();
    }
}
