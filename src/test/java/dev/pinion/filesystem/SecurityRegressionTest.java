package dev.pinion.filesystem;

import static dev.pinion.filesystem.WriteTest.kindOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One regression test per past Wings filesystem advisory (spec/README.md table; files-backups-transfers.md
 * §7). "Outside" is a host directory beside the server root holding sentinel files; every test ends by
 * proving it is byte-for-byte, mode-for-mode unchanged.
 */
@ExtendWith(ServerFixtureExtension.class)
class SecurityRegressionTest {
    ServerFixture fx;
    ServerFilesystem fs;
    Map<String, String> before;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        fs = fx.filesystem();
        before = fx.snapshotOutside();
    }

    @AfterEach
    void outsideIsUntouched() throws Exception {
        fx.assertOutsideUnchanged(before);
    }

    private String outside(String relative) {
        return fx.outside.resolve(relative).toString();
    }

    private void put(String name, byte[] bytes) throws IOException {
        Path path = fx.root.resolve(name);
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
    }

    /** CVE-2023-25152 / GHSA-p8r3-83r8-jwj5: following symlinks created files and directories outside the root. */
    @Nested
    class Cve2023_25152_CreatingThroughSymlinks {
        @Test
        void writeToADanglingSymlinkToOutsideFailsAndCreatesNothing() throws Exception {
            // spec §7 item 6.
            fx.link("a", outside("new.txt"));
            assertThat(kindOf(() -> fs.write("a", ServerFixture.body("pwned"), 5)))
                    .isEqualTo(ErrorKind.BAD_PATH);
            assertThat(Files.exists(fx.outside.resolve("new.txt"), LinkOption.NOFOLLOW_LINKS))
                    .isFalse();
            assertThat(Files.isSymbolicLink(fx.root.resolve("a"))).isTrue();
        }

        @Test
        void writeThroughAChainOfDanglingSymlinksFails() throws Exception {
            fx.link("b", outside("chained.txt"));
            fx.link("a", "b");
            assertThat(kindOf(() -> fs.write("a", ServerFixture.body("pwned"), 5)))
                    .isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void writeIntoASymlinkedDirectoryFailsAsNotADirectory() throws Exception {
            fx.link("link", outside("dir"));
            assertThat(kindOf(() -> fs.write("link/new.txt", ServerFixture.body("x"), 1)))
                    .isEqualTo(ErrorKind.NOT_DIRECTORY);
        }

        @Test
        void writeThroughAnAbsoluteIntermediateSymlinkIsABadPathEvenIfItPointsInside() throws Exception {
            // spec §7 item 9: "an absolute-target intermediate symlink, which stock refuses".
            fx.link("abs", outside("dir"));
            Files.createDirectories(fx.root.resolve("real/sub"));
            fx.link("absInside", fx.root.resolve("real").toString());
            assertThat(kindOf(() -> fs.write("abs/nested/new.txt", ServerFixture.body("x"), 1)))
                    .isEqualTo(ErrorKind.BAD_PATH);
            assertThat(kindOf(() -> fs.write("absInside/sub/new.txt", ServerFixture.body("x"), 1)))
                    .isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void writeThroughARelativeSymlinkThatClimbsOutIsABadPath() throws Exception {
            fx.link("sub/up", "../../../outside");
            assertThat(kindOf(() -> fs.write("sub/up/dir/new.txt", ServerFixture.body("x"), 1)))
                    .isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void createDirectoryUnderASymlinkToOutsideFails() throws Exception {
            // spec §7 item 3: create-directory with path "link" must fail and create nothing outside.
            fx.link("link", outside("dir"));
            assertThat(kindOf(() -> fs.createDirectory("evil", "link"))).isEqualTo(ErrorKind.NOT_DIRECTORY);
            assertThat(kindOf(() -> fs.createDirectory("evil", "link/nested"))).isEqualTo(ErrorKind.BAD_PATH);
            assertThat(kindOf(() -> fs.createDirectory("link", "/"))).isEqualTo(ErrorKind.NOT_DIRECTORY);
        }

        @Test
        void renameIntoASymlinkedDirectoryFails() throws Exception {
            fx.file("mine.txt", "mine");
            fx.link("link", outside("dir"));
            assertThat(kindOf(() -> fs.rename("/", List.of(new RenameRequest("mine.txt", "link/mine.txt")))))
                    .isEqualTo(ErrorKind.NOT_DIRECTORY);
            assertThat(Files.exists(fx.root.resolve("mine.txt"))).isTrue();
        }

        @Test
        void renameMovesTheLinkItselfNeverItsTarget() throws Exception {
            // spec §7 item 3 (0b9d923): renaming operates on the link only.
            fx.link("link", outside("secret.txt"));
            fs.rename("/", List.of(new RenameRequest("link", "moved")));
            assertThat(Files.isSymbolicLink(fx.root.resolve("moved"))).isTrue();
        }

        @Test
        void decompressOntoADanglingSymlinkNameFails() throws Exception {
            fx.link("payload.txt", outside("dropped.txt"));
            put("pack.tar", TestArchives.tar(TestArchives.entries("payload.txt", "pwned")));
            assertThat(kindOf(() -> fs.decompress("/", "pack.tar"))).isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void decompressThroughAnExistingInRootSymlinkFails() throws Exception {
            // spec §2.3: "An existing in-root symlink in the target path (evil -> /etc, entry evil/passwd) also fails."
            fx.link("evil", outside("dir"));
            put("pack.zip", TestArchives.zip(TestArchives.entries("evil/passwd", "pwned")));
            assertThat(kindOf(() -> fs.decompress("/", "pack.zip"))).isEqualTo(ErrorKind.NOT_DIRECTORY);
        }
    }

    /** CVE-2023-25168 / GHSA-66p8-j459-rq63: following symlinks deleted directories outside the root. */
    @Nested
    class Cve2023_25168_DeletingThroughSymlinks {
        @Test
        void deletingAFileThroughASymlinkedDirectoryFailsAndDeletesNothing() throws Exception {
            // spec §7 item 7.
            fx.link("link", outside("dir"));
            assertThat(kindOf(() -> fs.delete("/", List.of("link/source.txt")))).isEqualTo(ErrorKind.NOT_DIRECTORY);
            assertThat(kindOf(() -> fs.delete("/", List.of("link/does-not-exist.txt"))))
                    .isEqualTo(ErrorKind.NOT_DIRECTORY);
            assertThat(kindOf(() -> fs.delete("/", List.of("link/nested")))).isEqualTo(ErrorKind.NOT_DIRECTORY);
        }

        @Test
        void deletingTheSymlinkItselfKeepsTheTarget() throws Exception {
            fx.link("link", outside("dir"));
            fx.link("filelink", outside("secret.txt"));
            fs.delete("/", List.of("link", "filelink"));
            assertThat(fx.rootEntries()).isEmpty();
        }

        @Test
        void recursiveDeleteNeverDescendsIntoSymlinks() throws Exception {
            fx.file("tree/a/file.txt", "x");
            fx.link("tree/a/out", outside("dir"));
            fx.link("tree/escape", "../../../outside");
            fs.delete("/", List.of("tree"));
            assertThat(fx.rootEntries()).isEmpty();
        }

        @Test
        void deleteThroughAnEscapingRelativeIntermediateLinkIsABadPath() throws Exception {
            // '..' is lexical (spec §1.1): "up/../outside/secret.txt" is root/outside/secret.txt, which does not exist.
            fx.link("up", "..");
            fs.delete("/", List.of("up/../outside/secret.txt"));
            assertThat(Files.isSymbolicLink(fx.root.resolve("up"))).isTrue();
            fx.link("sub/up2", "../..");
            assertThat(kindOf(() -> fs.delete("/", List.of("sub/up2/outside/secret.txt"))))
                    .isEqualTo(ErrorKind.BAD_PATH);
        }
    }

    /** CVE-2024-27102 / GHSA-494h-9924-xww9: reads outside the root by any operation, archive extraction included. */
    @Nested
    class Cve2024_27102_ReadingOutside {
        @Test
        void openingASymlinkToAnOutsideFileIsRefused() throws Exception {
            fx.link("secret", outside("secret.txt"));
            assertThat(kindOf(() -> fs.open("secret"))).isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void openingThroughASymlinkedDirectoryIsRefused() throws Exception {
            fx.link("link", outside("dir"));
            assertThat(kindOf(() -> fs.open("link/source.txt"))).isEqualTo(ErrorKind.NOT_DIRECTORY);
            assertThat(kindOf(() -> fs.open("link/nested/deep.txt"))).isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void listingThroughASymlinkedDirectoryIsRefused() throws Exception {
            fx.link("link", outside("dir"));
            assertThat(kindOf(() -> fs.listDirectory("link"))).isEqualTo(ErrorKind.DIRECTORY_NOT_FOUND);
            assertThat(kindOf(() -> fs.listDirectory("link/nested"))).isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void copyingASymlinkToOutsideIsRefusedAndCopiesNothing() throws Exception {
            fx.link("secret", outside("secret.txt"));
            assertThat(kindOf(() -> fs.copy("secret"))).isEqualTo(ErrorKind.BAD_PATH);
            assertThat(fx.rootEntries()).containsExactly("secret");
        }

        @Test
        void compressNeverIncludesSymlinkTargets() throws Exception {
            fx.file("world/level.dat", "level");
            fx.link("world/secret", outside("secret.txt"));
            fx.link("world/outdir", outside("dir"));
            FileStat stat = fs.compress("/", List.of("world", "world/secret"));
            assertThat(ArchiveTest.readTarGz(fx.root.resolve(stat.name()))).containsOnlyKeys("world/level.dat");
        }

        @Test
        void decompressingASymlinkedArchiveIsRefused() throws Exception {
            Path outsideArchive = fx.base.resolve("outside-archive.zip");
            Files.write(outsideArchive, TestArchives.zip(TestArchives.entries("stolen.txt", "from outside")));
            fx.link("pack.zip", outsideArchive.toString());
            assertThat(kindOf(() -> fs.decompress("/", "pack.zip"))).isEqualTo(ErrorKind.BAD_PATH);
            assertThat(Files.exists(fx.root.resolve("stolen.txt"))).isFalse();
            Files.delete(outsideArchive);
        }

        @Test
        void zipSlipEntryAbortsTheExtraction() throws Exception {
            // spec §7 item 1: "../../outside.txt must not create anything outside the root. The request fails."
            put(
                    "slip.zip",
                    TestArchives.zip(TestArchives.entries("ok.txt", "ok", "../../../outside/slipped.txt", "pwned")));
            assertThat(kindOf(() -> fs.decompress("/", "slip.zip"))).isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void tarSlipEntryInsideASubdirectoryRootAbortsToo() throws Exception {
            put(
                    "sub/slip.tar.gz",
                    TestArchives.gzip(TestArchives.tar(TestArchives.entries("a/../../../../outside/x", "p"))));
            assertThat(kindOf(() -> fs.decompress("/sub", "slip.tar.gz"))).isEqualTo(ErrorKind.BAD_PATH);
        }

        @Test
        void tarSymlinkEntryIsNeverCreatedSoALaterEntryCannotFollowIt() throws Exception {
            put("links.tar", TestArchives.tar(t -> {
                TestArchives.addLink(t, "evil", outside("dir"), TarConstants.LF_SYMLINK);
                TestArchives.addLink(t, "relevil", "../../outside/dir", TarConstants.LF_SYMLINK);
                TestArchives.addFile(t, "evil/pwned.txt", "pwned", 0644);
                TestArchives.addFile(t, "relevil/pwned2.txt", "pwned", 0644);
            }));
            fs.decompress("/", "links.tar");
            assertThat(Files.isDirectory(fx.root.resolve("evil"), LinkOption.NOFOLLOW_LINKS))
                    .isTrue();
            assertThat(Files.readString(fx.root.resolve("evil/pwned.txt"))).isEqualTo("pwned");
            assertThat(Files.readString(fx.root.resolve("relevil/pwned2.txt"))).isEqualTo("pwned");
        }

        @Test
        void tarHardlinkEntryIsNeverCreated() throws Exception {
            put("hard.tar", TestArchives.tar(t -> {
                TestArchives.addLink(t, "hl", outside("secret.txt"), TarConstants.LF_LINK);
                TestArchives.addLink(t, "hl2", "../../outside/secret.txt", TarConstants.LF_LINK);
                TestArchives.addFile(t, "after.txt", "after", 0644);
            }));
            fs.decompress("/", "hard.tar");
            assertThat(fx.rootEntries()).containsExactlyInAnyOrder("after.txt", "hard.tar");
        }

        @Test
        void zipSymlinkEntryIsNeverCreated() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
                ZipArchiveEntry link = new ZipArchiveEntry("zlink");
                link.setUnixMode(UnixStat.LINK_FLAG | 0777);
                zip.putArchiveEntry(link);
                zip.write(outside("dir").getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
                ZipArchiveEntry through = new ZipArchiveEntry("zlink/pwned.txt");
                zip.putArchiveEntry(through);
                zip.write("pwned".getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
            put("links.zip", bytes.toByteArray());
            fs.decompress("/", "links.zip");
            assertThat(Files.isSymbolicLink(fx.root.resolve("zlink"))).isFalse();
            assertThat(Files.readString(fx.root.resolve("zlink/pwned.txt"))).isEqualTo("pwned");
        }

        @Test
        void relativeIntermediateSymlinkThatStaysInsideIsAllowed() throws Exception {
            // spec §7 item 9: "a relative one that stays inside, which stock allows".
            fx.file("real/sub/file.txt", "inside");
            fx.link("alias", "real");
            try (ReadableFile file = fs.open("alias/sub/file.txt")) {
                assertThat(new String(file.stream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("inside");
            }
        }

        @Test
        void symlinkLoopsEndAsBadPath() throws Exception {
            fx.link("loop1", "loop2");
            fx.link("loop2", "loop1");
            assertThat(kindOf(() -> fs.open("loop1/x/y"))).isEqualTo(ErrorKind.BAD_PATH);
        }
    }

    /** GHSA-rhq6-9rgh-v45c: chmod followed a symlink out of the root. */
    @Nested
    class Ghsa_rhq6_9rgh_v45c_ChmodThroughSymlinks {
        @Test
        void chmodOfASymlinkToAnOutsideFileLeavesTheTargetAlone() throws Exception {
            fx.link("link", outside("secret.txt"));
            fs.chmod("/", List.of(new ModeChange("link", "777")));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.outside.resolve("secret.txt"))))
                    .isEqualTo("rw-------");
        }

        @Test
        void chmodThroughASymlinkedDirectoryFails() throws Exception {
            fx.link("link", outside("dir"));
            assertThat(kindOf(() -> fs.chmod("/", List.of(new ModeChange("link/source.txt", "777")))))
                    .isEqualTo(ErrorKind.NOT_DIRECTORY);
            assertThat(kindOf(() -> fs.chmod("/", List.of(new ModeChange("link/nested/deep.txt", "777")))))
                    .isEqualTo(ErrorKind.BAD_PATH);
        }
    }
}
