package dev.pinion.filesystem;

import static dev.pinion.filesystem.WriteTest.kindOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What other parts of Pinion call besides the file endpoints: upload, backup/transfer archives, boot chown, odd errors. */
@ExtendWith(ServerFixtureExtension.class)
class ServerSupportTest {
    ServerFixture fx;
    ServerFilesystem fs;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        fs = fx.filesystem();
    }

    @Test
    void uploadJoinsDirectoryAndFileNameAndChecksTheDenylistOnTheJoinedPath() throws Exception {
        fs.upload("/plugins", "a.jar", ServerFixture.body("jar"), 3);
        assertThat(Files.readString(fx.root.resolve("plugins/a.jar"))).isEqualTo("jar");
        ServerFilesystem denied =
                fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("/plugins/*.jar")));
        assertThat(kindOf(() -> denied.upload("/plugins", "b.jar", ServerFixture.body("x"), 1)))
                .isEqualTo(ErrorKind.DENYLIST);
        assertThat(denied.isDenied("plugins/c.jar")).isTrue();
        assertThat(kindOf(() -> fs.upload("/", "../../escape.txt", ServerFixture.body("x"), 1)))
                .isEqualTo(ErrorKind.BAD_PATH);
    }

    @Test
    void backupArchiveHoldsEveryRegularFileMinusIgnoredOnesAndReportsProgress() throws Exception {
        // spec §2.1: the Ignore text applies when no file list is given; progress counts content bytes.
        fx.file("world/level.dat", "level");
        fx.file("logs/latest.log", "log");
        fx.file("server.properties", "props");
        fx.link("escape", fx.outside.resolve("secret.txt").toString());
        Path archive = fx.base.resolve("backup.tar.gz");
        AtomicLong progress = new AtomicLong();
        try (var out = Files.newOutputStream(archive)) {
            fs.writeArchive(out, List.of(), Denylist.compile("logs/\n*.log"), progress::addAndGet);
        }
        assertThat(ArchiveTest.readTarGz(archive)).containsOnlyKeys("world/level.dat", "server.properties");
        assertThat(progress.get()).isEqualTo(10);
    }

    @Test
    void archiveOfListedFilesIgnoresTheIgnoreText() throws Exception {
        fx.file("a.log", "a");
        fx.file("b.txt", "b");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fs.writeArchive(out, List.of("a.log"), Denylist.compile("*.log"), bytes -> {});
        Path archive = Files.write(fx.base.resolve("x.tar.gz"), out.toByteArray());
        assertThat(ArchiveTest.readTarGz(archive)).containsOnlyKeys("a.log");
    }

    @Test
    void chownAllChangesEverythingButNeverFollowsLinks() throws Exception {
        Assumptions.assumeTrue(Ownership.runningAsRoot(), "needs root to chown");
        fx.file("a/b/c.txt", "x");
        fx.link("a/out", fx.outside.resolve("secret.txt").toString());
        Object outsideOwner = Files.getAttribute(fx.outside.resolve("secret.txt"), "unix:uid");
        ServerFilesystem owned = fx.filesystem(Ownership.ifRoot(2345, 2346));
        owned.chownAll();
        for (String path : List.of("a", "a/b", "a/b/c.txt")) {
            assertThat(Files.getAttribute(fx.root.resolve(path), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    .as(path)
                    .isEqualTo(2345);
        }
        assertThat(Files.getAttribute(fx.root, "unix:gid")).isEqualTo(2346);
        assertThat(Files.getAttribute(fx.outside.resolve("secret.txt"), "unix:uid"))
                .isEqualTo(outsideOwner);
    }

    @Test
    void overlongNameIsNameTooLong() {
        String name = "x".repeat(300);
        assertThat(kindOf(() -> fs.write(name, ServerFixture.body("x"), 1))).isEqualTo(ErrorKind.NAME_TOO_LONG);
        assertThat(kindOf(() -> fs.createDirectory(name, "/"))).isEqualTo(ErrorKind.NAME_TOO_LONG);
        assertThat(ErrorKind.NAME_TOO_LONG.message()).isEqualTo("Cannot perform that action: file name is too long.");
    }

    @Test
    void stagingOnAnotherFilesystemFallsBackAndStillCreatesDirectories() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(
                Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(fx.root)),
                "needs a second filesystem");
        Path staging = Files.createTempDirectory(shm, "pinion-staging");
        try {
            ServerFilesystem crossDevice = new ServerFilesystem(
                    new FilesystemSettings(fx.root, staging, 0, Duration.ofSeconds(150), Ownership.none(), 1),
                    Denylist.empty(),
                    fx.clock,
                    Runnable::run);
            crossDevice.createDirectory("c", "a/b");
            crossDevice.write("x/y/z.txt", ServerFixture.body("z"), 1);
            assertThat(Files.isDirectory(fx.root.resolve("a/b/c"))).isTrue();
            assertThat(Files.readString(fx.root.resolve("x/y/z.txt"))).isEqualTo("z");
            try (var left = Files.list(staging)) {
                assertThat(left.toList()).isEmpty();
            }
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    @Test
    void withinLimitUsesAFreshWalkWhenAsked() throws Exception {
        ServerFilesystem limited = fx.filesystem(10, Duration.ofSeconds(150), Denylist.empty());
        fx.file("big.bin", "0123456789A");
        assertThat(limited.diskUsage().withinLimit(true)).isTrue();
        assertThat(limited.diskUsage().withinLimit(false)).isTrue();
        ServerFilesystem fresh = fx.filesystem(10, Duration.ofSeconds(150), Denylist.empty());
        assertThat(fresh.diskUsage().withinLimit(false)).isFalse();
    }

    @Test
    void restoreExtractsAStreamWithoutTheDenylistAndReportsEntries() throws Exception {
        // spec §5.5: restore writes every entry (no denylist check), links never created.
        byte[] archive = TestArchives.gzip(TestArchives.tar(t -> {
            TestArchives.addFile(t, "world/", "", 0755);
            TestArchives.addFile(t, "world/level.dat", "level", 0600);
            TestArchives.addFile(t, "secret.txt", "s", 0644);
            TestArchives.addLink(t, "evil", fx.outside.toString(), TarConstants.LF_SYMLINK);
        }));
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        List<String> seen = new ArrayList<>();
        denied.extractArchive(new ByteArrayInputStream(archive), false, seen::add);
        assertThat(seen).containsExactly("world/", "world/level.dat", "secret.txt");
        assertThat(Files.readString(fx.root.resolve("world/level.dat"))).isEqualTo("level");
        assertThat(Files.readString(fx.root.resolve("secret.txt"))).isEqualTo("s");
        assertThat(Files.exists(fx.root.resolve("evil"), LinkOption.NOFOLLOW_LINKS))
                .isFalse();
    }

    @Test
    void incomingTransferSkipsDenylistedFilesAndEnforcesTheQuotaFromZero() throws Exception {
        // spec §6.3: denylisted files skipped; quota = the server's disk limit.
        byte[] archive =
                TestArchives.gzip(TestArchives.tar(TestArchives.entries("secret.txt", "s", "a.txt", "0123456789")));
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        denied.extractArchive(new ByteArrayInputStream(archive), true, name -> {});
        assertThat(fx.rootEntries()).containsExactly("a.txt");
        Files.delete(fx.root.resolve("a.txt"));
        ServerFilesystem small = fx.filesystem(5, Duration.ofSeconds(150), Denylist.empty());
        assertThat(kindOf(() -> small.extractArchive(new ByteArrayInputStream(archive), true, name -> {})))
                .isEqualTo(ErrorKind.NO_DISK);
    }

    @Test
    void extractingAStreamWithAnEscapingNameAborts() throws Exception {
        byte[] archive = TestArchives.gzip(TestArchives.tar(TestArchives.entries("../../outside/x", "p")));
        var before = fx.snapshotOutside();
        assertThat(kindOf(() -> fs.extractArchive(new ByteArrayInputStream(archive), true, name -> {})))
                .isEqualTo(ErrorKind.BAD_PATH);
        fx.assertOutsideUnchanged(before);
    }

    @Test
    void truncateEmptiesTheRootWithoutFollowingLinksAndResetsUsage() throws Exception {
        fx.file("a/b.txt", "bbb");
        fx.file("c.txt", "c");
        fx.link("out", fx.outside.resolve("dir").toString());
        var before = fx.snapshotOutside();
        fs.diskUsage().refresh();
        fs.truncate();
        assertThat(fx.rootEntries()).isEmpty();
        assertThat(Files.isDirectory(fx.root)).isTrue();
        assertThat(fs.diskUsage().cachedUsage()).isZero();
        fx.assertOutsideUnchanged(before);
    }

    @Test
    void errorKindsCarryWingsStatusesAndMessages() {
        assertThat(ErrorKind.BAD_PATH.httpStatus()).isEqualTo(400);
        assertThat(ErrorKind.IS_DIR.message()).isEqualTo("Cannot perform that action: file is a directory.");
        assertThat(ErrorKind.UNKNOWN.httpStatus()).isEqualTo(500);
        assertThat(ErrorKind.UNKNOWN.message())
                .isEqualTo("An unexpected error was encountered while processing this request");
        assertThat(ErrorKind.FILE_BUSY.message())
                .startsWith("One or more files this archive is attempting to overwrite");
    }
}
