package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pinion's archives as a Go Wings node reads them: Go's own compress/gzip and archive/tar, run by {@code go
 * run} (Debian's golang-go, installed by scripts/test.sh), behind a TeeReader into a SHA-256 as the
 * transfer destination reads its archive part (spec files-backups-transfers.md §6.5). The hash of what Go
 * consumed must be the hash of the whole archive, or a Go destination reports a checksum mismatch; Go's
 * restore of a backup reads the same way. For both gzip engines (libdeflate's one member per block among
 * them), at levels 0, 1 and 9, and for tar streams that end exactly on a block boundary. (Whether an empty
 * final block is ever written is checked byte by byte in {@link ZlibGzipBlocksTest} and {@link
 * LibDeflateGzipBlocksTest}: Go's 4 KiB read-ahead hides it here most of the time.)
 */
class GoGzipReaderTest {
    private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
    // One file of this size makes a tar of header + content + two end records = a whole number of blocks.
    private static final int[] FILE_SIZES = {0, 1, BLOCK - 1536, 3 * BLOCK - 1536, 3 * BLOCK - 1535, 1_000_003};

    @TempDir
    Path base;

    private ExecutorService pool;
    private ExecutorService writers;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(2);
        writers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        writers.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"libdeflate", "zlib"})
    void goReadsEveryArchiveToItsLastByte(String engineName) throws Exception {
        GzipEngine engine = engineName.equals("zlib")
                ? GzipEngine.zlib()
                : GzipEngine.libdeflate(LibDeflate.load().orElseThrow());
        List<Path> archives = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int level : new int[] {0, 1, 9}) {
            for (int size : FILE_SIZES) {
                Path tree = Files.createDirectories(base.resolve("tree-" + level + "-" + size));
                byte[] content = new byte[size];
                new Random(size).nextBytes(content);
                // Half compressible, so stored, short and long deflate blocks all occur.
                for (int i = 0; i < size / 2; i++) {
                    content[i] = (byte) ('a' + i % 7);
                }
                Files.write(tree.resolve("file.bin"), content);
                Path archive = base.resolve("a-" + level + "-" + size + ".tar.gz");
                write(tree, archive, engine, level);
                archives.add(archive);
                expected.add(archive + " 1 " + size + " true \"-\"");
            }
        }
        Path many = Files.createDirectories(base.resolve("many"));
        long total = 0;
        for (int i = 0; i < 300; i++) {
            byte[] text = ("line " + i + "\n").repeat(i * 13).getBytes(StandardCharsets.US_ASCII);
            Files.write(many.resolve("f" + i + ".txt"), text);
            total += text.length;
        }
        Path manyArchive = base.resolve("many.tar.gz");
        write(many, manyArchive, engine, 1);
        archives.add(manyArchive);
        expected.add(manyArchive + " 300 " + total + " true \"-\"");

        assertThat(goReceiver(archives)).containsExactlyElementsOf(expected);
    }

    private void write(Path tree, Path archive, GzipEngine engine, int level) throws IOException {
        Path staging = Files.createDirectories(base.resolve("staging-" + tree.getFileName()));
        ServerFilesystem fs = new ServerFilesystem(
                new FilesystemSettings(tree, staging, 0, Duration.ofSeconds(150), Ownership.none(), level),
                Denylist.empty(),
                Clock.systemUTC(),
                Runnable::run,
                pool,
                writers,
                engine);
        try (OutputStream out = Files.newOutputStream(archive)) {
            fs.writeArchive(out, List.of(), Denylist.empty(), bytes -> {});
        }
    }

    private List<String> goReceiver(List<Path> archives) throws Exception {
        Path program = base.resolve("wings_receiver.go");
        try (var in = GoGzipReaderTest.class.getResourceAsStream("/gzip/wings_receiver.go")) {
            Files.write(program, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("go", "run", program.toString()));
        archives.forEach(a -> command.add(a.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // go needs a writable build cache; keep it inside the test's directory.
        builder.environment().put("GOCACHE", base.resolve("gocache").toString());
        builder.environment().put("GOPATH", base.resolve("gopath").toString());
        builder.environment().put("GOFLAGS", "-mod=mod");
        builder.environment().put("GO111MODULE", "off");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
