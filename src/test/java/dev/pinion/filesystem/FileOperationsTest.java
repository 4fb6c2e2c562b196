package dev.pinion.filesystem;

import static dev.pinion.filesystem.WriteTest.kindOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** rename, copy, create-directory, delete, chmod (spec files-backups-transfers.md §1.7). */
@ExtendWith(ServerFixtureExtension.class)
class FileOperationsTest {
    ServerFixture fx;
    ServerFilesystem fs;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        fs = fx.filesystem();
    }

    private String mode(String relative) throws Exception {
        return PosixFilePermissions.toString(
                Files.getPosixFilePermissions(fx.root.resolve(relative), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void emptyBatchesAreRefusedWithWings422Messages() {
        assertThat(kindOf(() -> fs.rename("/", List.of()))).isEqualTo(ErrorKind.NO_FILES_TO_RENAME);
        assertThat(kindOf(() -> fs.delete("/", List.of()))).isEqualTo(ErrorKind.NO_FILES_TO_DELETE);
        assertThat(kindOf(() -> fs.chmod("/", List.of()))).isEqualTo(ErrorKind.NO_FILES_TO_CHMOD);
        assertThat(kindOf(() -> fs.compress("/", List.of()))).isEqualTo(ErrorKind.NO_FILES_TO_COMPRESS);
        assertThat(ErrorKind.NO_FILES_TO_DELETE.httpStatus()).isEqualTo(422);
        assertThat(ErrorKind.NO_FILES_TO_DELETE.message()).isEqualTo("No files were specified for deletion.");
        assertThat(ErrorKind.NO_FILES_TO_RENAME.message()).isEqualTo("No files to move or rename were provided.");
        assertThat(ErrorKind.NO_FILES_TO_CHMOD.message()).isEqualTo("No files to chmod were provided.");
        assertThat(ErrorKind.NO_FILES_TO_COMPRESS.message())
                .isEqualTo("No files were passed through to be compressed.");
    }

    // ---- rename ----

    @Test
    void renameMovesIntoNewParentsCreatedOnDemand() throws Exception {
        fx.file("a.txt", "A");
        fs.rename("/", List.of(new RenameRequest("a.txt", "x/y/b.txt")));
        assertThat(Files.readString(fx.root.resolve("x/y/b.txt"))).isEqualTo("A");
        assertThat(Files.exists(fx.root.resolve("a.txt"))).isFalse();
    }

    @Test
    void renameIsRelativeToTheGivenRoot() throws Exception {
        fx.file("dir/a.txt", "A");
        fs.rename("/dir", List.of(new RenameRequest("a.txt", "../top.txt")));
        assertThat(Files.readString(fx.root.resolve("top.txt"))).isEqualTo("A");
    }

    @Test
    void renameOntoAnExistingNameFails() throws Exception {
        fx.file("a.txt", "A");
        fx.file("b.txt", "B");
        assertThat(kindOf(() -> fs.rename("/", List.of(new RenameRequest("a.txt", "b.txt")))))
                .isEqualTo(ErrorKind.DESTINATION_EXISTS);
        assertThat(Files.readString(fx.root.resolve("b.txt"))).isEqualTo("B");
        assertThat(ErrorKind.DESTINATION_EXISTS.message())
                .isEqualTo("Cannot move or rename file, destination already exists.");
    }

    @Test
    void renameOfAMissingSourceIsSkipped() throws Exception {
        fs.rename("/", List.of(new RenameRequest("ghost.txt", "other.txt"), new RenameRequest("ghost/x", "y")));
        assertThat(fx.rootEntries()).isEmpty();
    }

    @Test
    void renameOfTheRootIsRefused() {
        assertThat(kindOf(() -> fs.rename("/", List.of(new RenameRequest("/", "x")))))
                .isEqualTo(ErrorKind.BAD_PATH);
    }

    @Test
    void renameToOrFromADenylistedNameIsForbidden() throws Exception {
        fx.file("a.txt", "A");
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        assertThat(kindOf(() -> denied.rename("/", List.of(new RenameRequest("a.txt", "sub/secret.txt")))))
                .isEqualTo(ErrorKind.DENYLIST);
        fx.file("secret.txt", "S");
        assertThat(kindOf(() -> denied.rename("/", List.of(new RenameRequest("secret.txt", "free.txt")))))
                .isEqualTo(ErrorKind.DENYLIST);
        assertThat(Files.exists(fx.root.resolve("a.txt"))).isTrue();
    }

    // ---- copy ----

    @Test
    void copyNamesFollowWingsSequence() throws Exception {
        fx.file("dir/world.tar.gz", "archive");
        assertThat(fs.copy("/dir/world.tar.gz")).isEqualTo("dir/world copy.tar.gz");
        assertThat(fs.copy("/dir/world.tar.gz")).isEqualTo("dir/world copy 1.tar.gz");
        assertThat(fs.copy("/dir/world.tar.gz")).isEqualTo("dir/world copy 2.tar.gz");
        assertThat(Files.readString(fx.root.resolve("dir/world copy 1.tar.gz"))).isEqualTo("archive");
    }

    @Test
    void copyOfDotfileAndExtensionlessFile() throws Exception {
        fx.file(".bashrc", "rc");
        fx.file("file", "f");
        assertThat(fs.copy(".bashrc")).isEqualTo(" copy.bashrc");
        assertThat(fs.copy("file")).isEqualTo("file copy");
    }

    @Test
    void copyAfterFiftyTakenNamesUsesTheTimestampForm() throws Exception {
        CopyNamer namer = new CopyNamer(fx.clock);
        assertThat(namer.name("a.txt", name -> true)).isEqualTo("acopy.2024-03-17T14:58:30Z.txt");
        assertThat(namer.name("a.txt", name -> name.equals("a copy.txt") || name.matches("a copy [1-6]\\.txt")))
                .isEqualTo("a copy 7.txt");
        assertThat(namer.name("a.txt", name -> !name.equals("a copy 50.txt"))).isEqualTo("a copy 50.txt");
    }

    @Test
    void copyPreservesTheSourceModeAndCountsTowardsUsage() throws Exception {
        Path source = fx.file("run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-x---"));
        fs.diskUsage().refresh();
        long before = fs.diskUsage().cachedUsage();
        fs.copy("run.sh");
        assertThat(mode("run copy.sh")).isEqualTo("rwxr-x---");
        assertThat(fs.diskUsage().cachedUsage()).isEqualTo(before + 10);
    }

    @Test
    void copyOfADirectoryOrMissingFileIsNotFound() throws Exception {
        Files.createDirectories(fx.root.resolve("dir"));
        assertThat(kindOf(() -> fs.copy("dir"))).isEqualTo(ErrorKind.NOT_EXIST);
        assertThat(kindOf(() -> fs.copy("missing"))).isEqualTo(ErrorKind.NOT_EXIST);
    }

    @Test
    void copyThatDoesNotFitTheQuotaIsRefused() throws Exception {
        fx.file("big.bin", "0123456789");
        ServerFilesystem limited = fx.filesystem(15, Duration.ofSeconds(150), Denylist.empty());
        assertThat(kindOf(() -> limited.copy("big.bin"))).isEqualTo(ErrorKind.NO_DISK);
        assertThat(fx.rootEntries()).containsExactly("big.bin");
    }

    @Test
    void copyOfADenylistedFileIsForbidden() throws Exception {
        fx.file("secret.txt", "S");
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        assertThat(kindOf(() -> denied.copy("secret.txt"))).isEqualTo(ErrorKind.DENYLIST);
    }

    // ---- create-directory ----

    @Test
    void createDirectoryMakesAllParentsAt0755AndIsIdempotent() throws Exception {
        fs.createDirectory("new-folder", "/a/b");
        assertThat(Files.isDirectory(fx.root.resolve("a/b/new-folder"))).isTrue();
        assertThat(mode("a/b/new-folder")).isEqualTo("rwxr-xr-x");
        fs.createDirectory("new-folder", "/a/b");
        assertThat(Files.isDirectory(fx.root.resolve("a/b/new-folder"))).isTrue();
    }

    @Test
    void createDirectoryThroughAFileIsNotADirectory() throws Exception {
        fx.file("file.txt", "x");
        assertThat(kindOf(() -> fs.createDirectory("sub", "/file.txt"))).isEqualTo(ErrorKind.NOT_DIRECTORY);
        assertThat(ErrorKind.NOT_DIRECTORY.message())
                .isEqualTo("Part of the path being created is not a directory (ENOTDIR).");
    }

    @Test
    void createDirectoryOverAnExistingFileConflicts() throws Exception {
        fx.file("taken", "x");
        assertThat(kindOf(() -> fs.createDirectory("taken", "/"))).isEqualTo(ErrorKind.DIRECTORY_CONFLICTS_WITH_FILE);
    }

    @Test
    void createDirectoryLeavesNothingInStaging() throws Exception {
        fs.createDirectory("a", "/");
        // mkdirat on the trusted parent descriptor: staging is no longer needed at all.
        if (Files.exists(fx.staging)) {
            try (var list = Files.list(fx.staging)) {
                assertThat(list.toList()).isEmpty();
            }
        }
        assertThat(Files.isDirectory(fx.root.resolve("a"))).isTrue();
    }

    // ---- delete ----

    @Test
    void deleteRemovesFilesAndDirectoriesRecursivelyAndFreesUsage() throws Exception {
        fx.file("a.txt", "12345");
        fx.file("dir/sub/b.txt", "123");
        fx.file("keep.txt", "1");
        fs.diskUsage().refresh();
        fs.delete("/", List.of("a.txt", "dir"));
        assertThat(fx.rootEntries()).containsExactly("keep.txt");
        assertThat(fs.diskUsage().cachedUsage()).isEqualTo(1);
    }

    @Test
    void deleteOfMissingPathsSucceeds() throws Exception {
        fs.delete("/", List.of("nope", "nope/deeper"));
        assertThat(fx.rootEntries()).isEmpty();
    }

    @Test
    void deleteOfTheRootIsRefused() throws Exception {
        fx.file("a.txt", "x");
        assertThat(kindOf(() -> fs.delete("/", List.of("/")))).isEqualTo(ErrorKind.BAD_PATH);
        assertThat(kindOf(() -> fs.delete("/dir", List.of("..")))).isEqualTo(ErrorKind.BAD_PATH);
        assertThat(fx.rootEntries()).containsExactly("a.txt");
    }

    // ---- chmod ----

    @Test
    void chmodAppliesOctalStringModes() throws Exception {
        fx.file("a.sh", "x");
        fx.file("b.txt", "x");
        fs.chmod("/", List.of(new ModeChange("a.sh", "755"), new ModeChange("b.txt", "0600")));
        assertThat(mode("a.sh")).isEqualTo("rwxr-xr-x");
        assertThat(mode("b.txt")).isEqualTo("rw-------");
    }

    @Test
    void chmodRejectsNonOctalModesBeforeChangingAnything() throws Exception {
        fx.file("a.sh", "x");
        Files.setPosixFilePermissions(fx.root.resolve("a.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        for (String bad : List.of("", "8", "abc", "-755", "0o755", "777777777777")) {
            assertThat(kindOf(() -> fs.chmod("/", List.of(new ModeChange("a.sh", "700"), new ModeChange("a.sh", bad)))))
                    .as(bad)
                    .isEqualTo(ErrorKind.INVALID_MODE);
        }
        assertThat(mode("a.sh")).isEqualTo("rw-r--r--");
        assertThat(ErrorKind.INVALID_MODE.message()).isEqualTo("Invalid file mode.");
    }

    @Test
    void chmodAcceptsSpecialBitsInTheNumberButAppliesPermissionBits() throws Exception {
        fx.file("a.sh", "x");
        fs.chmod("/", List.of(new ModeChange("a.sh", "4755")));
        assertThat(mode("a.sh")).isEqualTo("rwxr-xr-x");
    }

    @Test
    void chmodOfMissingFilesIsIgnoredAndRootCanBeChanged() throws Exception {
        fs.chmod("/", List.of(new ModeChange("missing", "700"), new ModeChange("missing/deeper", "700")));
        fs.chmod("/", List.of(new ModeChange("/", "750")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.root)))
                .isEqualTo("rwxr-x---");
    }
}
