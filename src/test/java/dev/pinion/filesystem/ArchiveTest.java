package dev.pinion.filesystem;

import static dev.pinion.filesystem.WriteTest.kindOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** compress and decompress (spec files-backups-transfers.md §2.1–§2.4; panel-to-wings-api.md §5.8, §5.9). */
@ExtendWith(ServerFixtureExtension.class)
class ArchiveTest {
    ServerFixture fx;
    ServerFilesystem fs;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        fs = fx.filesystem();
    }

    private void put(String name, byte[] bytes) throws IOException {
        Path path = fx.root.resolve(name);
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
    }

    private String read(String name) throws IOException {
        return Files.readString(fx.root.resolve(name));
    }

    private static final Map<String, String> CONTENT = TestArchives.entries(
            "world/",
            "",
            "world/level.dat",
            "level",
            "world/region/r.0.0.mca",
            "region",
            "empty/",
            "",
            "server.properties",
            "motd=hi");

    private void assertExtracted(String prefix) throws IOException {
        assertThat(read(prefix + "world/level.dat")).isEqualTo("level");
        assertThat(read(prefix + "world/region/r.0.0.mca")).isEqualTo("region");
        assertThat(read(prefix + "server.properties")).isEqualTo("motd=hi");
    }

    // ---- decompress formats, detected by content ----

    @Test
    void decompressesZipWithModesAndMtimes() throws Exception {
        put("pack.zip", TestArchives.zip(CONTENT));
        fs.decompress("/", "pack.zip");
        assertExtracted("");
        assertThat(Files.isDirectory(fx.root.resolve("empty"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.root.resolve("world/level.dat"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(fx.root.resolve("world/level.dat")).toMillis())
                .isEqualTo(TestArchives.MTIME.getTime());
    }

    @Test
    void decompressesPlainTarIntoTheGivenRoot() throws Exception {
        put("sub/pack.tar", TestArchives.tar(CONTENT));
        fs.decompress("/sub", "pack.tar");
        assertExtracted("sub/");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.root.resolve("sub/world/level.dat"))))
                .isEqualTo("rw-r-----");
    }

    @Test
    void decompressesTarGzWhateverItsName() throws Exception {
        put("backup.bin", TestArchives.gzip(TestArchives.tar(CONTENT)));
        fs.decompress("/", "backup.bin");
        assertExtracted("");
    }

    @Test
    void decompressesTarBz2() throws Exception {
        put("pack.tar.bz2", TestArchives.bzip2(TestArchives.tar(CONTENT)));
        fs.decompress("/", "pack.tar.bz2");
        assertExtracted("");
    }

    @Test
    void decompressesTarXz() throws Exception {
        put("pack.tar.xz", TestArchives.xz(TestArchives.tar(CONTENT)));
        fs.decompress("/", "pack.tar.xz");
        assertExtracted("");
    }

    @Test
    void decompressesSevenZ() throws Exception {
        TestArchives.sevenZ(fx.root.resolve("pack.7z"), CONTENT);
        fs.decompress("/", "pack.7z");
        assertExtracted("");
        assertThat(Files.isDirectory(fx.root.resolve("empty"))).isTrue();
    }

    @Test
    void decompressesASingleGzipFileNextToItself() throws Exception {
        // spec README decision: "Decompressing a single .gz file works" (Wings silently does nothing).
        put("logs/latest.log.gz", TestArchives.gzip("log line\n".getBytes(StandardCharsets.UTF_8)));
        fs.decompress("/", "logs/latest.log.gz");
        assertThat(read("logs/latest.log")).isEqualTo("log line\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.root.resolve("logs/latest.log"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void singleGzipWithoutASuffixGetsDotOut() throws Exception {
        put("blob", TestArchives.gzip("data".getBytes(StandardCharsets.UTF_8)));
        fs.decompress("/", "blob");
        assertThat(read("blob.out")).isEqualTo("data");
    }

    @Test
    void unknownFormatIsRefusedWithWingsMessage() throws Exception {
        put("notes.zip", "just text, not a zip".getBytes(StandardCharsets.UTF_8));
        put("x.rar", new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00, 1, 2, 3});
        assertThat(kindOf(() -> fs.decompress("/", "notes.zip"))).isEqualTo(ErrorKind.UNKNOWN_FORMAT);
        assertThat(kindOf(() -> fs.decompress("/", "x.rar"))).isEqualTo(ErrorKind.UNKNOWN_FORMAT);
        assertThat(ErrorKind.UNKNOWN_FORMAT.httpStatus()).isEqualTo(400);
        assertThat(ErrorKind.UNKNOWN_FORMAT.message())
                .isEqualTo("The archive provided is in a format Wings does not understand.");
    }

    @Test
    void decompressOfAMissingArchiveIsNotFound() {
        assertThat(kindOf(() -> fs.decompress("/", "missing.zip"))).isEqualTo(ErrorKind.NOT_EXIST);
    }

    @Test
    void existingFilesAreOverwritten() throws Exception {
        fx.file("server.properties", "old");
        put("pack.zip", TestArchives.zip(CONTENT));
        fs.decompress("/", "pack.zip");
        assertThat(read("server.properties")).isEqualTo("motd=hi");
    }

    @Test
    void denylistedEntriesAreSkippedSilently() throws Exception {
        // spec §1.3: decompress skips denylisted entries; §7 item 13.
        put(
                "pack.tar",
                TestArchives.tar(TestArchives.entries("secret.txt", "s", "sub/secret.txt", "s", "ok.txt", "ok")));
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        denied.decompress("/", "pack.tar");
        assertThat(read("ok.txt")).isEqualTo("ok");
        assertThat(Files.exists(fx.root.resolve("secret.txt"))).isFalse();
        assertThat(Files.exists(fx.root.resolve("sub/secret.txt"))).isFalse();
    }

    @Test
    void declaredSizesOverTheQuotaFailBeforeAnythingIsWritten() throws Exception {
        // spec §7 item 2 (zip bomb): many small entries whose sum exceeds the quota.
        Map<String, String> many = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            many.put("f" + i + ".txt", "0123456789");
        }
        put("bomb.zip", TestArchives.zip(many));
        long archiveSize = Files.size(fx.root.resolve("bomb.zip"));
        ServerFilesystem limited = fx.filesystem(archiveSize + 1000, Duration.ofSeconds(150), Denylist.empty());
        assertThat(kindOf(() -> limited.decompress("/", "bomb.zip"))).isEqualTo(ErrorKind.NO_DISK);
        assertThat(fx.rootEntries()).containsExactly("bomb.zip");
    }

    @Test
    void quotaIsEnforcedPerChunkEvenWithoutALimitAtPrecheckTime() throws Exception {
        // A bare .gz is pre-checked at its compressed size; the expansion must still be stopped.
        byte[] zeros = new byte[1_000_000];
        put("zeros.gz", TestArchives.gzip(zeros));
        long archiveSize = Files.size(fx.root.resolve("zeros.gz"));
        ServerFilesystem limited = fx.filesystem(archiveSize * 2 + 100_000, Duration.ofSeconds(150), Denylist.empty());
        assertThat(kindOf(() -> limited.decompress("/", "zeros.gz"))).isEqualTo(ErrorKind.NO_DISK);
        assertThat(fx.rootEntries()).containsExactly("zeros.gz");
    }

    @Test
    void absoluteEntryNamesLandInsideTheRoot() throws Exception {
        // spec §7 item 1: "An entry /etc/x lands at <root>/etc/x".
        put("abs.tar", TestArchives.tar(TestArchives.entries("/etc/x", "inside")));
        fs.decompress("/", "abs.tar");
        assertThat(read("etc/x")).isEqualTo("inside");
    }

    @Test
    void fileEntryOverAnExistingDirectoryAbortsWithIsDir() throws Exception {
        Files.createDirectories(fx.root.resolve("world"));
        put("pack.tar", TestArchives.tar(TestArchives.entries("world", "not a dir")));
        assertThat(kindOf(() -> fs.decompress("/", "pack.tar"))).isEqualTo(ErrorKind.IS_DIR);
        assertThat(Files.isDirectory(fx.root.resolve("world"))).isTrue();
    }

    @Test
    void zipEntryWhoseDeclaredSizeLiesIsCutAtTheDeclaredSize() throws Exception {
        // spec §7 item 2: "never writes more bytes than an entry's declared size. A zip whose local or
        // central sizes lie must not bypass the limit."
        byte[] zip = TestArchives.zip(TestArchives.entries("big.txt", "x".repeat(100_000)));
        int central = lastIndexOf(zip, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 24, 10);
        put("liar.zip", zip);
        ServerFilesystem limited =
                fx.filesystem(Files.size(fx.root.resolve("liar.zip")) + 50, Duration.ofSeconds(150), Denylist.empty());
        limited.decompress("/", "liar.zip");
        assertThat(Files.size(fx.root.resolve("big.txt"))).isEqualTo(10);
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    // ---- compress ----

    @Test
    void compressNamesTheArchiveAfterTheTimeWithoutColons() throws Exception {
        fx.file("a.txt", "a");
        FileStat stat = fs.compress("/", List.of("a.txt"));
        assertThat(stat.name()).isEqualTo("archive-2024-03-17T145830Z.tar.gz");
        assertThat(stat.mime()).isEqualTo("application/tar+gzip");
        assertThat(stat.size()).isEqualTo(Files.size(fx.root.resolve(stat.name())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.root.resolve(stat.name()))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void compressedArchiveHoldsRegularFilesRelativeToTheRootOnly() throws Exception {
        fx.file("dir/world/level.dat", "level");
        fx.file("dir/world/region/r.mca", "region");
        fx.file("dir/map2/other", "not selected");
        fx.file("dir/server.properties", "props");
        Files.createDirectories(fx.root.resolve("dir/world/emptydir"));
        fx.link("dir/world/escape", fx.outside.resolve("secret.txt").toString());
        FileStat stat = fs.compress("/dir", List.of("world", "server.properties", "world/level.dat", "missing"));
        Map<String, String> entries = readTarGz(fx.root.resolve("dir").resolve(stat.name()));
        assertThat(entries).containsOnlyKeys("world/level.dat", "world/region/r.mca", "server.properties");
        assertThat(entries.get("world/region/r.mca")).isEqualTo("region");
    }

    @Test
    void compressTarEndsInExactlyTwoZeroRecordsWithoutPadding() throws Exception {
        // spec §2.1 / §6.5: record size 512, no 10 KiB padding (interop with Go nodes).
        fx.file("a.txt", "a");
        FileStat stat = fs.compress("/", List.of("a.txt"));
        byte[] tar;
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(fx.root.resolve(stat.name())), true)) {
            tar = in.readAllBytes();
        }
        assertThat(tar.length).isEqualTo(512 + 512 + 1024);
        for (int i = tar.length - 1024; i < tar.length; i++) {
            assertThat(tar[i]).isZero();
        }
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry = in.getNextEntry();
            assertThat(entry.getUserName()).isEmpty();
            assertThat(entry.getLongUserId()).isZero();
        }
    }

    @Test
    void compressSkipsDenylistedFiles() throws Exception {
        fx.file("secret.txt", "s");
        fx.file("ok.txt", "ok");
        ServerFilesystem denied = fx.filesystem(0, Duration.ofSeconds(150), Denylist.compile(List.of("secret.txt")));
        FileStat stat = denied.compress("/", List.of("secret.txt", "ok.txt"));
        assertThat(readTarGz(fx.root.resolve(stat.name()))).containsOnlyKeys("ok.txt");
    }

    @Test
    void compressWhenAlreadyOverQuotaIsTheDedicated409() throws Exception {
        fx.file("big.bin", "0123456789");
        ServerFilesystem limited = fx.filesystem(5, Duration.ofSeconds(150), Denylist.empty());
        assertThat(kindOf(() -> limited.compress("/", List.of("big.bin")))).isEqualTo(ErrorKind.COMPRESS_NO_SPACE);
        assertThat(ErrorKind.COMPRESS_NO_SPACE.httpStatus()).isEqualTo(409);
    }

    @Test
    void compressedArchiveThatDoesNotFitIsDeleted() throws Exception {
        byte[] random = new byte[20_000];
        new Random(1).nextBytes(random);
        put("random.bin", random);
        ServerFilesystem limited = fx.filesystem(25_000, Duration.ofSeconds(150), Denylist.empty());
        assertThat(kindOf(() -> limited.compress("/", List.of("random.bin")))).isEqualTo(ErrorKind.NO_DISK);
        assertThat(fx.rootEntries()).containsExactly("random.bin");
    }

    @Test
    void compressThenDecompressRoundTrips() throws Exception {
        fx.file("w/a.txt", "alpha");
        fx.file("w/b/c.txt", "gamma");
        fs.diskUsage().refresh();
        FileStat stat = fs.compress("/", List.of("w"));
        fs.delete("/", List.of("w"));
        fs.decompress("/", stat.name());
        assertThat(read("w/a.txt")).isEqualTo("alpha");
        assertThat(read("w/b/c.txt")).isEqualTo("gamma");
        assertThat(fs.diskUsage().cachedUsage()).isEqualTo(10 + stat.size());
    }

    static Map<String, String> readTarGz(Path file) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (TarArchiveInputStream in =
                new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(file), true))) {
            TarArchiveEntry entry;
            List<String> names = new ArrayList<>();
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThat(names).doesNotHaveDuplicates();
        }
        return entries;
    }
}
