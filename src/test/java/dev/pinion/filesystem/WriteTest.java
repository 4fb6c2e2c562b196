package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST write (spec files-backups-transfers.md §1.7 write, §1.4 quota, §1.5 ownership). */
@ExtendWith(ServerFixtureExtension.class)
class WriteTest {
    ServerFixture fx;
    ServerFilesystem fs;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        fs = fx.filesystem();
    }

    static ErrorKind kindOf(Runnable action) {
        try {
            action.run();
        } catch (FilesystemException e) {
            return e.kind();
        }
        throw new AssertionError("no FilesystemException");
    }

    private long write(ServerFilesystem target, String path, String content) {
        return target.write(path, ServerFixture.body(content), content.getBytes().length);
    }

    private List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".pinion-"))
                    .toList();
        }
    }

    @Test
    void writesANewFileWithMode0644AndCreatesParents() throws Exception {
        assertThat(write(fs, "/a/b/new.txt", "hello")).isEqualTo(5);
        Path written = fx.root.resolve("a/b/new.txt");
        assertThat(Files.readString(written)).isEqualTo("hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.root.resolve("a/b"))))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void overwritingKeepsTheExistingModeAndReplacesContent() throws Exception {
        Path existing = fx.file("start.sh", "old content that is long");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));
        write(fs, "start.sh", "new");
        assertThat(Files.readString(existing)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
                .isEqualTo("rwxr-x---");
    }

    @Test
    void emptyBodyTruncatesToEmpty() throws Exception {
        fx.file("x.txt", "something");
        write(fs, "x.txt", "");
        assertThat(Files.size(fx.root.resolve("x.txt"))).isZero();
    }

    @Test
    void failedBodyLeavesTheOldFileIntactAndNoTemporaryFile() throws Exception {
        fx.file("world.dat", "precious");
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 3) {
                    return 'x';
                }
                throw new IOException("client went away");
            }
        };
        assertThat(kindOf(() -> fs.write("world.dat", failing, 100))).isEqualTo(ErrorKind.UNKNOWN);
        assertThat(Files.readString(fx.root.resolve("world.dat"))).isEqualTo("precious");
        assertThat(leftovers(fx.root)).isEmpty();
    }

    @Test
    void bodyShorterThanContentLengthFailsAndKeepsTheOldFile() throws Exception {
        fx.file("world.dat", "precious");
        assertThat(kindOf(() -> fs.write("world.dat", ServerFixture.body("abc"), 10)))
                .isEqualTo(ErrorKind.UNKNOWN);
        assertThat(Files.readString(fx.root.resolve("world.dat"))).isEqualTo("precious");
        assertThat(leftovers(fx.root)).isEmpty();
    }

    @Test
    void atMostContentLengthBytesAreWritten() throws Exception {
        fs.write("cut.txt", ServerFixture.body("0123456789"), 4);
        assertThat(Files.readString(fx.root.resolve("cut.txt"))).isEqualTo("0123");
    }

    @Test
    void writingOntoADirectoryIsRefusedWithWingsMessage() throws Exception {
        Files.createDirectories(fx.root.resolve("plugins"));
        assertThat(kindOf(() -> write(fs, "plugins", "x"))).isEqualTo(ErrorKind.WRITE_CONFLICTS_WITH_DIRECTORY);
        assertThat(ErrorKind.WRITE_CONFLICTS_WITH_DIRECTORY.message())
                .isEqualTo("Cannot write file, name conflicts with an existing directory by the same name.");
    }

    @Test
    void writingADenylistedPathIsForbidden() {
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        assertThat(kindOf(() -> write(denied, "sub/secret.txt", "x"))).isEqualTo(ErrorKind.DENYLIST);
        assertThat(Files.exists(fx.root.resolve("sub"))).isFalse();
    }

    @Test
    void quotaRefusesAContentLengthThatDoesNotFitBeforeTouchingTheDisk() throws Exception {
        fx.file("existing.bin", "1234567890");
        ServerFilesystem limited = fx.filesystem(15, Duration.ofSeconds(150), Denylist.empty());
        assertThat(kindOf(() -> write(limited, "new/dir/big.bin", "123456"))).isEqualTo(ErrorKind.NO_DISK);
        assertThat(Files.exists(fx.root.resolve("new"))).isFalse();
        assertThat(ErrorKind.NO_DISK.message())
                .isEqualTo("There is not enough disk space available to perform that action.");
    }

    @Test
    void quotaCreditsTheSizeOfTheFileBeingReplaced() throws Exception {
        fx.file("existing.bin", "1234567890");
        ServerFilesystem limited = fx.filesystem(12, Duration.ofSeconds(150), Denylist.empty());
        write(limited, "existing.bin", "abcdefghijkl");
        assertThat(limited.diskUsage().cachedUsage()).isEqualTo(12);
    }

    @Test
    void quotaIsEnforcedPerChunkWhenTheLengthIsUnknown() throws Exception {
        ServerFilesystem limited = fx.filesystem(100_000, Duration.ofSeconds(150), Denylist.empty());
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThat(kindOf(() -> limited.write("endless.bin", endless, -1))).isEqualTo(ErrorKind.NO_DISK);
        assertThat(Files.exists(fx.root.resolve("endless.bin"))).isFalse();
        assertThat(leftovers(fx.root)).isEmpty();
    }

    @Test
    void newFilesAndDirectoriesAreOwnedByTheConfiguredUserWhenRunningAsRoot() throws Exception {
        Assumptions.assumeTrue(Ownership.runningAsRoot(), "needs root to chown");
        ServerFilesystem owned = fx.filesystem(Ownership.ifRoot(4321, 4322));
        owned.write("made/by/write.txt", ServerFixture.body("x"), 1);
        assertThat(Files.getAttribute(fx.root.resolve("made/by/write.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(4321);
        assertThat(Files.getAttribute(fx.root.resolve("made/by/write.txt"), "unix:gid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(4322);
        assertThat(Files.getAttribute(fx.root.resolve("made/by"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(4321);
    }

    @Test
    void ownershipIsOffWhenNotRoot() {
        Ownership none = Ownership.none();
        assertThat(none.enabled()).isFalse();
    }
}
