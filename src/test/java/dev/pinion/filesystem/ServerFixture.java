package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A server root, its staging directory and an "outside" host directory with sentinel files, all in a
 * real temporary directory; plus helpers that snapshot the outside tree to prove nothing there changed.
 */
final class ServerFixture {
    static final Instant NOW = Instant.parse("2024-03-17T14:58:30Z");

    final Path base;
    final Path root;
    final Path outside;
    final Path staging;
    final Clock clock;

    ServerFixture(Path base) throws IOException {
        this.base = base;
        this.root = Files.createDirectories(base.resolve("volumes/server-uuid"));
        this.staging = base.resolve("volumes/.pinion-staging/server-uuid");
        this.outside = Files.createDirectories(base.resolve("outside"));
        this.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Files.writeString(outside.resolve("secret.txt"), "host secret");
        Files.createDirectories(outside.resolve("dir/nested"));
        Files.writeString(outside.resolve("dir/source.txt"), "outside source");
        Files.writeString(outside.resolve("dir/nested/deep.txt"), "deep");
        Files.setPosixFilePermissions(outside.resolve("secret.txt"), PosixFilePermissions.fromString("rw-------"));
    }

    ServerFilesystem filesystem() {
        return filesystem(0, Duration.ofSeconds(150), Denylist.empty());
    }

    ServerFilesystem filesystem(long limit, Duration interval, Denylist denylist) {
        return new ServerFilesystem(
                new FilesystemSettings(root, staging, limit, interval, Ownership.none(), 1),
                denylist,
                clock,
                Runnable::run);
    }

    ServerFilesystem filesystem(Ownership ownership) {
        return new ServerFilesystem(
                new FilesystemSettings(root, staging, 0, Duration.ofSeconds(150), ownership, 1),
                Denylist.empty(),
                clock,
                Runnable::run);
    }

    Path file(String relative, String content) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return path;
    }

    Path link(String relative, String target) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.createSymbolicLink(path, Path.of(target));
    }

    static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Path → (type, mode, size, mtime, content hash) for every entry under outside. */
    Map<String, String> snapshotOutside() throws IOException {
        Map<String, String> snapshot = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(outside)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                var attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = attrs.isRegularFile() ? Integer.toString(Arrays.hashCode(Files.readAllBytes(p))) : "";
                snapshot.put(
                        outside.relativize(p).toString(),
                        (attrs.isDirectory() ? "d" : attrs.isSymbolicLink() ? "l" : "f")
                                + PosixFilePermissions.toString(attrs.permissions()) + ":" + attrs.size() + ":"
                                + attrs.lastModifiedTime().toMillis() + ":" + content);
            }
        }
        return snapshot;
    }

    /** Asserts the outside tree equals {@code before} and that nothing appeared beside the server root either. */
    void assertOutsideUnchanged(Map<String, String> before) throws IOException {
        assertThat(snapshotOutside()).isEqualTo(before);
        try (Stream<Path> list = Files.list(root.getParent())) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).isSubsetOf("server-uuid", ".pinion-staging");
        }
    }

    List<String> rootEntries() throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(process.waitFor()).isZero();
    }
}
