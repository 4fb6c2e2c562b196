package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * File names that are not valid UTF-8 (issue #10 regression): the game server can create them, so
 * they must be counted in disk usage (spec files-backups-transfers.md §1.4), listed, deleted and
 * archived — never skipped, or they would hide bytes from the quota.
 */
@ExtendWith(ServerFixtureExtension.class)
class NonUtf8NameTest {
    ServerFixture fx;
    ServerFilesystem fs;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        fs = fx.filesystem();
    }

    /** Creates {@code dir/bad\xff\xfename.bin} (raw bytes, as a game process would) with {@code size} bytes. */
    private void createBadName(String dir, int size) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import os,sys; d=sys.argv[1].encode(); os.makedirs(d, exist_ok=True);"
                                + " open(os.path.join(d, b'bad\\xff\\xfename.bin'), 'wb').write(b'x' * int(sys.argv[2]))",
                        fx.root.resolve(dir).toString(),
                        Integer.toString(size))
                .inheritIO()
                .start();
        assertThat(process.waitFor()).isZero();
    }

    private List<String> rawNames(String dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import os,sys; print('\\n'.join(sorted(n.hex() for n in os.listdir(sys.argv[1].encode()))))",
                        fx.root.resolve(dir).toString())
                .start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).isZero();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void codecRoundTripsEveryByteSequence() {
        byte[] bad = {
            'a', (byte) 0xff, (byte) 0xc3, 'b', (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xc3, (byte) 0xa9
        };
        String decoded = FileNameBytes.decode(bad);
        assertThat(FileNameBytes.encode(decoded)).isEqualTo(bad);
        assertThat(decoded).startsWith("a\uEFFF\uEFC3b").endsWith("é");
        // a well-formed escape char on disk is itself escaped, so two different names never collide
        byte[] escapeOnDisk = "x\uEF80".getBytes(StandardCharsets.UTF_8);
        assertThat(FileNameBytes.decode(escapeOnDisk)).isNotEqualTo("x\uEF80");
        assertThat(FileNameBytes.encode(FileNameBytes.decode(escapeOnDisk))).isEqualTo(escapeOnDisk);
        assertThat(FileNameBytes.encode("plain é 😀")).isEqualTo("plain é 😀".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void diskUsageCountsTheBytesBehindAnInvalidName() throws Exception {
        fx.file("ok.txt", "12345");
        createBadName("nested", 1000);
        assertThat(fs.diskUsage().refresh()).isEqualTo(1005);
    }

    @Test
    void listingShowsTheFileAndItsNameOpensTheSameFileAgain() throws Exception {
        createBadName("d", 7);
        List<FileStat> listed = fs.listDirectory("/d");
        assertThat(listed).hasSize(1);
        FileStat stat = listed.get(0);
        assertThat(stat.size()).isEqualTo(7);
        assertThat(fs.stat("/d/" + stat.name()).size()).isEqualTo(7);
        assertThat(fs.readFile("/d/" + stat.name(), 100)).isEqualTo("xxxxxxx".getBytes());
    }

    @Test
    void deleteRemovesTheFileAndTheDirectoryHoldingIt() throws Exception {
        createBadName("gone", 3);
        createBadName("kept", 3);
        String name = fs.listDirectory("/kept").get(0).name();
        fs.delete("/", List.of("gone"));
        fs.delete("/kept", List.of(name));
        assertThat(fx.rootEntries()).containsExactly("kept");
        assertThat(rawNames("kept")).isEmpty();
    }

    @Test
    void compressAndBackupArchivesIncludeTheFileContent() throws Exception {
        createBadName("w", 11);
        FileStat archive = fs.compress("/", List.of("w"));
        Map<String, Long> sizes = entrySizes(fs.readFile("/" + archive.name(), 1 << 20));
        assertThat(sizes.values()).contains(11L);
        assertThat(sizes.keySet()).anyMatch(n -> n.startsWith("w/bad") && n.endsWith("name.bin"));

        ByteArrayOutputStream backup = new ByteArrayOutputStream();
        fs.writeArchive(backup, List.of(), Denylist.empty(), bytes -> {});
        assertThat(entrySizes(backup.toByteArray()).values()).contains(11L);
    }

    @Test
    void renameKeepsTheExactBytes() throws Exception {
        createBadName("r", 2);
        String name = fs.listDirectory("/r").get(0).name();
        fs.rename("/r", List.of(new RenameRequest(name, "moved-" + name)));
        assertThat(rawNames("r")).containsExactly("6d6f7665642d626164fffe6e616d652e62696e");
    }

    private static Map<String, Long> entrySizes(byte[] gzipTar) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(gzipTar), true))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                sizes.put(entry.getName(), entry.getSize());
            }
        }
        return sizes;
    }
}
