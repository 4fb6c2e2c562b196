package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** list-directory, stat and contents (spec files-backups-transfers.md §1.6, §1.7; panel-to-wings-api.md §5.1, §5.2). */
@ExtendWith(ServerFixtureExtension.class)
class ListAndReadTest {
    ServerFixture fx;
    ServerFilesystem fs;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        fs = fx.filesystem();
    }

    private static ErrorKind kindOf(Runnable action) {
        try {
            action.run();
        } catch (FilesystemException e) {
            return e.kind();
        }
        throw new AssertionError("no FilesystemException");
    }

    @Test
    void listsDirectoriesFirstThenFilesEachByName() throws Exception {
        fx.file("b.txt", "b");
        fx.file("A.txt", "a");
        fx.file("c.txt", "c");
        Files.createDirectories(fx.root.resolve("zdir"));
        Files.createDirectories(fx.root.resolve("adir"));
        // spec §8.2 decision: directories first, then byte-wise names (not Wings' accidental order).
        assertThat(fs.listDirectory("/").stream().map(FileStat::name))
                .containsExactly("adir", "zdir", "A.txt", "b.txt", "c.txt");
    }

    @Test
    void emptyDirectoryListsAsEmpty() throws Exception {
        Files.createDirectories(fx.root.resolve("empty"));
        assertThat(fs.listDirectory("empty")).isEmpty();
    }

    @Test
    void entryFieldsUseWingsFormats() throws Exception {
        Path file = fx.file("server.properties", "motd=hello\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(file, FileTime.from(ServerFixture.NOW));
        Files.createDirectories(fx.root.resolve("plugins"));
        List<FileStat> entries = fs.listDirectory("/");
        FileStat dir = entries.get(0);
        FileStat props = entries.get(1);
        assertThat(dir.name()).isEqualTo("plugins");
        assertThat(dir.directory()).isTrue();
        assertThat(dir.file()).isFalse();
        assertThat(dir.mime()).isEqualTo("inode/directory");
        assertThat(dir.modeString()).startsWith("d");
        assertThat(props.modeString()).isEqualTo("-rw-r--r--");
        assertThat(props.modeBits()).isEqualTo("644");
        assertThat(props.size()).isEqualTo(11);
        assertThat(props.file()).isTrue();
        assertThat(props.symlink()).isFalse();
        assertThat(props.mime()).isEqualTo("text/plain; charset=utf-8");
        assertThat(props.modifiedText(ZoneOffset.UTC)).isEqualTo("2024-03-17T14:58:30Z");
        assertThat(props.modifiedText(ZoneId.of("+01:00"))).isEqualTo("2024-03-17T15:58:30+01:00");
    }

    @Test
    void symlinksAreReportedTruthfullyAndNeverFollowed() throws Exception {
        // spec README decision: "Directory listings report symlinks truthfully (symlink: true)".
        fx.link("to-outside-dir", fx.outside.resolve("dir").toString());
        List<FileStat> entries = fs.listDirectory("/");
        FileStat link = entries.get(0);
        assertThat(link.symlink()).isTrue();
        assertThat(link.directory()).isFalse();
        assertThat(link.file()).isTrue();
        assertThat(link.modeString()).isEqualTo("Lrwxrwxrwx");
        assertThat(link.mime()).isEqualTo("application/octet-stream");
        assertThat(link.size()).isEqualTo(fx.outside.resolve("dir").toString().length());
    }

    @Test
    void listingAMissingDirectoryOrAFileIsDirectoryNotFound() throws Exception {
        fx.file("file.txt", "x");
        assertThat(kindOf(() -> fs.listDirectory("nope"))).isEqualTo(ErrorKind.DIRECTORY_NOT_FOUND);
        assertThat(kindOf(() -> fs.listDirectory("file.txt"))).isEqualTo(ErrorKind.DIRECTORY_NOT_FOUND);
        assertThat(ErrorKind.DIRECTORY_NOT_FOUND.httpStatus()).isEqualTo(404);
    }

    @Test
    void listingASymlinkedDirectoryIsRefused() throws Exception {
        // spec §1.2 table: "list-directory of a symlinked directory: refused".
        fx.link("link", fx.outside.resolve("dir").toString());
        assertThat(kindOf(() -> fs.listDirectory("link"))).isEqualTo(ErrorKind.DIRECTORY_NOT_FOUND);
    }

    @Test
    void openGivesSizeMimeAndExactBytes() throws Exception {
        fx.file("config.json", "{\"a\": 1}");
        try (ReadableFile file = fs.open("/config.json");
                InputStream in = file.stream()) {
            assertThat(file.size()).isEqualTo(8);
            assertThat(file.mime()).isEqualTo("application/json");
            assertThat(file.name()).isEqualTo("config.json");
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
        }
    }

    @Test
    void rangeStreamReturnsTheRequestedSliceOnly() throws Exception {
        fx.file("data.txt", "0123456789");
        try (ReadableFile file = fs.open("data.txt")) {
            assertThat(new String(file.stream(3, 4).readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("3456");
        }
    }

    @Test
    void streamIsCutAtTheSizeSeenAtOpenTime() throws Exception {
        Path path = fx.file("growing.log", "12345");
        try (ReadableFile file = fs.open("growing.log")) {
            Files.writeString(path, "67890", StandardOpenOption.APPEND);
            assertThat(file.stream().readAllBytes()).hasSize(5);
        }
    }

    @Test
    void openingMissingFileIsNotFound() {
        assertThat(kindOf(() -> fs.open("missing.txt"))).isEqualTo(ErrorKind.NOT_EXIST);
        assertThat(ErrorKind.NOT_EXIST.httpStatus()).isEqualTo(404);
        assertThat(ErrorKind.NOT_EXIST.message()).isEqualTo("The requested resources was not found on the system.");
    }

    @Test
    void openingADirectoryIsIsDir() throws Exception {
        Files.createDirectories(fx.root.resolve("dir"));
        assertThat(kindOf(() -> fs.open("dir"))).isEqualTo(ErrorKind.IS_DIR);
        assertThat(kindOf(() -> fs.open("/"))).isEqualTo(ErrorKind.IS_DIR);
    }

    @Test
    void openingAFifoIsRefusedWithoutBlocking() throws Exception {
        // panel #4059 / spec §7 item 16: a FIFO must get 400 immediately, never hang.
        ServerFixture.mkfifo(fx.root.resolve("pipe"));
        assertThat(kindOf(() -> fs.open("pipe"))).isEqualTo(ErrorKind.NOT_REGULAR_FILE);
        assertThat(ErrorKind.NOT_REGULAR_FILE.message()).isEqualTo("Cannot open files of this type.");
        assertThat(fs.listDirectory("/").get(0).mime()).isEqualTo("application/octet-stream");
    }

    @Test
    void openingADenylistedFileIsForbidden() throws Exception {
        fx.file("sub/secret.txt", "x");
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        assertThat(kindOf(() -> denied.open("sub/secret.txt"))).isEqualTo(ErrorKind.DENYLIST);
        assertThat(ErrorKind.DENYLIST.httpStatus()).isEqualTo(403);
    }

    @Test
    void absoluteRootPathIsAcceptedAsAnAlias() throws Exception {
        fx.file("a.txt", "alias");
        try (ReadableFile file = fs.open(fs.root() + "/a.txt")) {
            assertThat(file.size()).isEqualTo(5);
        }
    }

    @Test
    void statDescribesOneEntry() throws Exception {
        fx.file("dir/x.txt", "hello");
        FileStat stat = fs.stat("dir/x.txt");
        assertThat(stat.name()).isEqualTo("x.txt");
        assertThat(stat.size()).isEqualTo(5);
        assertThat(fs.stat("/").directory()).isTrue();
        assertThat(kindOf(() -> fs.stat("dir/nope"))).isEqualTo(ErrorKind.NOT_EXIST);
    }

    @Test
    void intermediateRelativeSymlinkInsideTheRootIsFollowed() throws Exception {
        // spec §1.2: "link/sub/file works if link -> realdir" (RESOLVE_BENEATH semantics).
        fx.file("realdir/sub/file.txt", "inside");
        fx.link("link", "realdir");
        try (ReadableFile file = fs.open("link/sub/file.txt")) {
            assertThat(file.stream().readAllBytes()).isEqualTo("inside".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void lastParentComponentSymlinkIsNeverFollowed() throws Exception {
        // spec §1.2: "link/file, where link is a symlink (even to inside the root), fails with not a directory".
        fx.file("realdir/file.txt", "inside");
        fx.link("link", "realdir");
        assertThat(kindOf(() -> fs.open("link/file.txt"))).isEqualTo(ErrorKind.NOT_DIRECTORY);
    }
}
