package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens around the parsers: locating, creating, size cap, atomic writes, independent files. */
class ConfigFileApplierTest {
    @TempDir
    Path temp;

    Path root;
    Volume volume;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(temp.resolve("volume"));
        volume = new Volume(root);
    }

    private static final String PROPS = """
      { "parser": "properties", "file": "%s", "replace": [ { "match": "server-port", "replace_with": "25565" } ] }
      """;

    @Test
    void fileAboveSixtyFourMebibytesIsRefusedAndNotTouched() throws Exception {
        // CVE-2026-52857 / spec README: refused above 64 MiB rather than read. A sparse file costs no disk.
        Path big = root.resolve("server.properties");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L * 1024 * 1024 + 1);
        }
        long modified = Files.getLastModifiedTime(big).toMillis();

        ConfigFileResult result = volume.applyOne(PROPS.formatted("server.properties"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem())
                .get()
                .asString()
                .contains("\"server.properties\"")
                .contains("67108865")
                .contains("64 MiB");
        assertThat(Files.size(big)).isEqualTo(64L * 1024 * 1024 + 1);
        assertThat(Files.getLastModifiedTime(big).toMillis()).isEqualTo(modified);
    }

    @Test
    void fileOfExactlyTheCapIsParsedAndOneByteMoreIsNot() throws Exception {
        // The cap is "above" the limit; a small cap keeps the boundary cheap to test.
        Volume small = new Volume(root, new ConfigFileApplier(Volume.filesystem(root), 16));
        small.write("a.properties", "a=" + "x".repeat(13) + "\n");
        small.write("b.properties", "a=" + "x".repeat(14) + "\n");

        List<ConfigFileResult> results =
                small.apply("[" + PROPS.formatted("a.properties") + "," + PROPS.formatted("b.properties") + "]");

        assertThat(results).extracting(ConfigFileResult::outcome).containsExactly(Outcome.UPDATED, Outcome.FAILED);
        assertThat(small.read("b.properties")).isEqualTo("a=" + "x".repeat(14) + "\n");
    }

    @Test
    void emptyPathIsRefused() {
        ConfigFileResult result = volume.applyOne(PROPS.formatted("/"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("root directory");
    }

    @Test
    void pathLeavingTheVolumeIsRefusedAndNothingIsCreatedOutside() {
        List<ConfigFileResult> results = volume.apply(
                "[" + PROPS.formatted("../outside.properties") + "," + PROPS.formatted("/../../outside2.properties")
                        + "," + PROPS.formatted("a/../../outside3.properties") + "]");

        assertThat(results).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.problem()).get().asString().contains("outside the server's root");
        });
        assertThat(temp.resolve("outside.properties")).doesNotExist();
        assertThat(temp.resolve("outside2.properties")).doesNotExist();
        assertThat(temp.resolve("outside3.properties")).doesNotExist();
    }

    @Test
    void absolutePathIsRelativeToTheServerRoot() throws Exception {
        // §4.2: "/server.properties" is the same file as "server.properties".
        assertThat(volume.applyOne(PROPS.formatted("/server.properties")).outcome())
                .isEqualTo(Outcome.UPDATED);
        assertThat(volume.read("server.properties")).isEqualTo("server-port=25565\n");
    }

    @Test
    void symlinkedFileIsRefusedAndItsTargetOutsideIsUntouched() throws Exception {
        Path outside = Files.writeString(temp.resolve("host.properties"), "secret=1\n");
        Files.createSymbolicLink(root.resolve("server.properties"), outside);

        ConfigFileResult result = volume.applyOne(PROPS.formatted("server.properties"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("symbolic link");
        assertThat(Files.readString(outside)).isEqualTo("secret=1\n");
    }

    @Test
    void symlinkedDirectoryIsRefusedAndNothingIsCreatedThroughIt() throws Exception {
        Path outsideDir = Files.createDirectory(temp.resolve("host-dir"));
        Files.createSymbolicLink(root.resolve("plugins"), outsideDir);

        ConfigFileResult result = volume.applyOne(PROPS.formatted("plugins/x/config.properties"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        try (Stream<Path> files = Files.list(outsideDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void missingFileAndParentsAreCreatedWithWingsModes() throws Exception {
        // §4.2: created 0644, missing parent directories 0755.
        volume.applyOne(PROPS.formatted("plugins/x/config.properties"));

        Path file = root.resolve("plugins/x/config.properties");
        assertThat(Files.readString(file)).isEqualTo("server-port=25565\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("plugins/x"))))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void rewriteKeepsTheFilesModeAndOwner() throws Exception {
        Path file = root.resolve("server.properties");
        Files.writeString(file, "server-port=1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        boolean root = System.getProperty("user.name").equals("root");
        if (root) {
            // As the daemon runs: the file belongs to the container user, not to us.
            UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
            view.setOwner(users.lookupPrincipalByName("nobody"));
        }
        var before = view.readAttributes();

        assertThat(volume.applyOne(PROPS.formatted("server.properties")).outcome())
                .isEqualTo(Outcome.UPDATED);

        var after = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        assertThat(Files.readString(file)).isEqualTo("server-port=25565\n");
        assertThat(after.permissions()).isEqualTo(before.permissions());
        assertThat(after.owner()).isEqualTo(before.owner());
        assertThat(after.group()).isEqualTo(before.group());
    }

    @Test
    void malformedFileIsReportedWhileTheOtherFilesAreStillApplied() throws Exception {
        String broken = "{ not json";
        volume.write("broken.json", broken);
        volume.write("server.properties", "server-port=1\n");

        List<ConfigFileResult> results = volume.apply("""
        [ { "parser": "json", "file": "broken.json", "replace": [ { "match": "a", "replace_with": "1" } ] },
          { "parser": "properties", "file": "server.properties", "replace": [ { "match": "server-port", "replace_with": "25565" } ] } ]
        """);

        assertThat(results)
                .extracting(ConfigFileResult::file, ConfigFileResult::outcome)
                .containsExactly(
                        Tuple.tuple("broken.json", Outcome.FAILED), Tuple.tuple("server.properties", Outcome.UPDATED));
        assertThat(volume.read("broken.json")).isEqualTo(broken);
        assertThat(volume.read("server.properties")).isEqualTo("server-port=25565\n");
    }

    @Test
    void noTemporaryFileIsLeftBehindAfterSuccessOrFailure() throws Exception {
        volume.write("broken.json", "[");
        volume.write("ok.json", "{}");

        volume.apply("""
        [ { "parser": "json", "file": "broken.json", "replace": [] },
          { "parser": "json", "file": "ok.json", "replace": [ { "match": "a", "replace_with": "1" } ] } ]
        """);

        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("broken.json", "ok.json");
        }
    }

    @Test
    void unknownParserOnlyCreatesTheFile() throws Exception {
        // §4.2: any other parser name opens/creates the file and leaves it unchanged, without error.
        volume.write("existing.toml", "a = 1\n");

        List<ConfigFileResult> results = volume.apply("""
        [ { "parser": "toml", "file": "existing.toml", "replace": [ { "match": "a", "replace_with": "2" } ] },
          { "parser": "toml", "file": "new.toml", "replace": [] } ]
        """);

        assertThat(results).extracting(ConfigFileResult::outcome).containsOnly(Outcome.UNKNOWN_PARSER);
        assertThat(volume.read("existing.toml")).isEqualTo("a = 1\n");
        assertThat(volume.bytes("new.toml")).isEmpty();
    }

    @Test
    void entryWithoutFileOrParserIsReportedAndTheRestApplied() throws Exception {
        List<ConfigFileResult> results = volume.apply("""
        [ { "parser": "properties", "replace": [] },
          { "file": "a.properties", "replace": [] },
          { "parser": "properties", "file": "b.properties", "replace": [ { "match": "k", "replace_with": "v" } ] } ]
        """);

        assertThat(results)
                .extracting(ConfigFileResult::outcome)
                .containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.UPDATED);
        assertThat(results.get(0).problem()).get().asString().contains("no \"file\"");
        assertThat(results.get(1).problem()).get().asString().contains("no \"parser\"");
        assertThat(volume.read("b.properties")).isEqualTo("k=v\n");
    }

    @Test
    void malformedReplaceListDropsEveryReplacementButStillOpensTheFile() throws Exception {
        // §4.2: an entry without match (or with a non-string if_value) empties the whole list.
        volume.write("server.properties", "server-port=1\n");

        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [
          { "match": "server-port", "replace_with": "25565" },
          { "replace_with": "no match key" } ] }
        """);

        assertThat(volume.read("server.properties")).isEqualTo("server-port=1\n");
    }

    @Test
    void legacyValueKeyIsReadWhenReplaceWithIsAbsent() throws Exception {
        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [ { "match": "server-port", "value": "25565" } ] }
        """);

        assertThat(volume.read("server.properties")).isEqualTo("server-port=25565\n");
    }

    @Test
    void directoryInPlaceOfTheFileIsReported() throws Exception {
        Files.createDirectory(root.resolve("server.properties"));

        ConfigFileResult result = volume.applyOne(PROPS.formatted("server.properties"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("not a regular file");
    }
}
