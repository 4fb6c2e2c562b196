package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parallel gzip writer behind every archive Pinion makes (compress, backups, transfers; spec
 * files-backups-transfers.md §2.1), whatever engine compresses its blocks: the output must read as one
 * ordinary gzip file whatever the block boundaries, checked with Java's reader and with the system's gzip,
 * pigz and Python. {@link ZlibGzipBlocksTest} and {@link LibDeflateGzipBlocksTest} run these tests for each
 * engine and add what is particular to it.
 */
abstract class ParallelGzipOutputStreamTest {
    static final int BLOCK = 32 * 1024;
    ExecutorService pool;
    // The writer tasks: a thread each, as the daemon's archive-writer pool gives them.
    ExecutorService writers;

    /** The engine under test. */
    abstract GzipEngine engine();

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

    byte[] gzip(byte[] input, int level, int blockSize, int inFlight) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip =
                new ParallelGzipOutputStream(out, engine(), level, pool, writers, blockSize, inFlight)) {
            // Odd-sized writes cross block boundaries at every offset.
            int off = 0;
            int step = 1;
            while (off < input.length) {
                int n = Math.min(step, input.length - off);
                gzip.write(input, off, n);
                off += n;
                step = step * 3 % 70_001 + 1;
            }
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] compressed) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** Half text-like (compressible, with back-references across blocks), half random. */
    static byte[] mixed(int size) {
        Random random = new Random(size);
        byte[] data = new byte[size];
        String words = "the quick brown fox jumps over the lazy dog; server.properties level-seed=42\n";
        byte[] text = words.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size / 2; i++) {
            data[i] = text[(i * 7 + random.nextInt(3)) % text.length];
        }
        byte[] noise = new byte[size - size / 2];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, data, size / 2, noise.length);
        return data;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 5 * BLOCK, 7 * BLOCK + 12_345})
    void roundTripsEverySizeAroundBlockBoundaries(int size) throws IOException {
        byte[] input = mixed(size);
        assertThat(gunzip(gzip(input, 1, BLOCK, 3))).isEqualTo(input);
    }

    // Block buffers are recycled once written (an input only after the next block, which used it as its
    // dictionary, is written too): many more blocks than are in flight, on workers that finish out of order.
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void recycledBlockBuffersNeverCorruptALongStream(int inFlight) throws IOException {
        byte[] input = mixed(64 * BLOCK + 777);
        assertThat(gunzip(gzip(input, 1, BLOCK, inFlight))).isEqualTo(input);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 9})
    void roundTripsAtEveryLevel(int level) throws IOException {
        byte[] input = mixed(4 * BLOCK + 99);
        assertThat(gunzip(gzip(input, level, BLOCK, 2))).isEqualTo(input);
    }

    @Test
    void theLevelIsHonoured() throws IOException {
        byte[] input = mixed(8 * BLOCK);
        byte[] stored = gzip(input, 0, BLOCK, 2);
        byte[] fast = gzip(input, 1, BLOCK, 2);
        byte[] best = gzip(input, 9, BLOCK, 2);

        assertThat(stored.length).isGreaterThan(input.length);
        assertThat(fast.length).isLessThan(input.length * 3 / 4);
        assertThat(best.length).isLessThan(fast.length);
        assertThat(fast[8]).isEqualTo((byte) 4); // XFL

        assertThat(best[8]).isEqualTo((byte) 2);
    }

    @Test
    void neverHoldsMoreThanTheBlocksInFlight() throws Exception {
        // Compressions wait in a queue the test drains one at a time, whenever the writer is blocked.
        BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        byte[] input = mixed(40 * BLOCK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (OutputStream gzip = new ParallelGzipOutputStream(out, engine(), 1, held::add, writers, BLOCK, 3)) {
                gzip.write(input);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        int most = 0;
        while (writer.isAlive()) {
            await().atMost(Duration.ofSeconds(20))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> !writer.isAlive() || writer.getState() == Thread.State.WAITING);
            most = Math.max(most, held.size());
            Runnable next = held.poll();
            if (next != null) {
                next.run();
            }
        }
        assertThat(failure.get()).isNull();
        assertThat(held).isEmpty();
        assertThat(most).isEqualTo(3);
        assertThat(gunzip(out.toByteArray())).isEqualTo(input);
    }

    @Test
    void aDirectExecutorCompressesOnTheCallingThread() throws IOException {
        byte[] input = mixed(3 * BLOCK + 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new ParallelGzipOutputStream(out, engine(), 1, Runnable::run, writers, BLOCK, 1)) {
            gzip.write(input);
        }
        assertThat(gunzip(out.toByteArray())).isEqualTo(input);
    }

    @Test
    void theTargetIsWrittenByTheWriterThreadSoItsCostNeverStallsTheProducer() throws IOException {
        // A backup's SHA-1 and file writes, a transfer's network wait: all off the thread reading the files.
        Thread producer = Thread.currentThread();
        List<Thread> writingThreads = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream recording = new OutputStream() {
            @Override
            public void write(int b) {
                writingThreads.add(Thread.currentThread());
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writingThreads.add(Thread.currentThread());
                bytes.write(b, off, len);
            }
        };
        byte[] input = mixed(6 * BLOCK + 77);
        try (OutputStream gzip = new ParallelGzipOutputStream(recording, engine(), 1, pool, writers, BLOCK, 2)) {
            gzip.write(input);
            gzip.flush();
        }
        // The trailer alone is written by close(), once the writer thread has ended.
        assertThat(writingThreads.subList(0, writingThreads.size() - 1))
                .isNotEmpty()
                .doesNotContain(producer);
        assertThat(gunzip(bytes.toByteArray())).isEqualTo(input);
    }

    @Test
    void anAbortedStreamEndsWithoutItsTrailerSoNoReaderTakesItForComplete() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, engine(), 1, pool, writers, BLOCK, 2);
        gzip.write(mixed(5 * BLOCK));
        IOException cause = new IOException("a file shrank");
        gzip.abort(cause);
        assertThatThrownBy(() -> gunzip(out.toByteArray())).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> gzip.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void aFailingTargetFailsTheWriteAndTheCloseAndIsClosed() {
        AtomicInteger closes = new AtomicInteger();
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(broken, engine(), 1, pool, writers, BLOCK, 1);
        assertThatThrownBy(() -> gzip.write(mixed(4 * BLOCK))).hasMessage("disk full");
        assertThatThrownBy(gzip::close).hasMessage("disk full");
        assertThat(closes.get()).isEqualTo(1);
    }

    @Test
    void shutDownWorkersAreAnIoError() {
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(
                OutputStream.nullOutputStream(),
                engine(),
                1,
                task -> {
                    throw new RejectedExecutionException("shut down");
                },
                writers,
                BLOCK,
                2);
        // A full block is handed on when the next byte arrives.
        assertThatThrownBy(() -> gzip.write(new byte[BLOCK + 1]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void theWriterTaskRunsOnTheWritersExecutorAndARefusingOneIsAnIoError() throws IOException {
        List<Runnable> accepted = new CopyOnWriteArrayList<>();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(
                OutputStream.nullOutputStream(),
                engine(),
                1,
                pool,
                task -> {
                    accepted.add(task);
                    writers.execute(task);
                },
                BLOCK,
                2);
        gzip.write(new byte[3 * BLOCK + 1]);
        gzip.close();
        // One task for the whole stream, however many blocks.
        assertThat(accepted).hasSize(1);

        ParallelGzipOutputStream refused = new ParallelGzipOutputStream(
                OutputStream.nullOutputStream(),
                engine(),
                1,
                pool,
                task -> {
                    throw new RejectedExecutionException("shut down");
                },
                BLOCK,
                2);
        assertThatThrownBy(() -> refused.write(new byte[BLOCK + 1]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("archive writers are shut down");
        assertThatThrownBy(refused::close).isInstanceOf(IOException.class);
    }

    @Test
    void anArchiveCompressedOnTheWorkersHoldsEveryFile(@TempDir Path base) throws IOException {
        // spec files-backups-transfers.md §2.1: the archive backups and transfers send.
        ServerFixture fx = new ServerFixture(base);
        byte[] big = mixed(3 * ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE + 1);
        Files.write(fx.root.resolve("world.dat"), big);
        fx.file("config/server.properties", "motd=hello");
        ServerFilesystem fs = new ServerFilesystem(
                new FilesystemSettings(fx.root, fx.staging, 0, Duration.ofSeconds(150), Ownership.none(), 1),
                Denylist.empty(),
                fx.clock,
                Runnable::run,
                pool,
                writers,
                engine());
        Path archive = base.resolve("backup.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive)) {
            fs.writeArchive(out, List.of(), Denylist.empty(), bytes -> {});
        }
        Map<String, byte[]> entries = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("config/server.properties", "world.dat");
        assertThat(entries.get("world.dat")).isEqualTo(big);
        assertThat(entries.get("config/server.properties"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("motd=hello");
    }

    @Test
    void crcCombineEqualsTheCrcOfTheConcatenation() {
        Random random = new Random(7);
        for (int lengthA : new int[] {0, 1, 100, 70_000}) {
            for (int lengthB : new int[] {0, 1, 3, 131_072, 200_001}) {
                byte[] a = new byte[lengthA];
                byte[] b = new byte[lengthB];
                random.nextBytes(a);
                random.nextBytes(b);
                CRC32 whole = new CRC32();
                whole.update(a);
                whole.update(b);
                assertThat(Integer.toUnsignedLong(Crc32Combine.combine(crc(a), crc(b), lengthB)))
                        .as("%d + %d", lengthA, lengthB)
                        .isEqualTo(whole.getValue());
            }
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** The readers that meet Pinion's archives outside the JVM. */
    @Nested
    class SystemReaders {
        @TempDir
        Path directory;

        private byte[] input;
        private Path archive;

        @BeforeEach
        void writeArchive() throws IOException {
            // Default block size, several blocks plus a tail.
            input = mixed(5 * ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE + 4321);
            archive = directory.resolve("data.gz");
            Files.write(archive, gzip(input, 1, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 4));
        }

        @Test
        void gnuGzipTestsAndDecodesIt() throws Exception {
            assertThat(run("gzip", "-t", archive.toString()).exitCode).isZero();
            assertThat(run("gzip", "-dc", archive.toString()).stdout).isEqualTo(input);
        }

        @Test
        void pigzDecodesIt() throws Exception {
            assumeThat(onPath("pigz"))
                    .as("pigz is installed by scripts/test.sh")
                    .isTrue();
            Result result = run("pigz", "-dc", archive.toString());
            assertThat(result.exitCode).isZero();
            assertThat(result.stdout).isEqualTo(input);
        }

        @Test
        void pythonsGzipModuleDecodesIt() throws Exception {
            assumeThat(onPath("python3"))
                    .as("python3 is installed by scripts/test.sh")
                    .isTrue();
            Result result = run(
                    "python3",
                    "-c",
                    "import gzip,sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())",
                    archive.toString());
            assertThat(result.exitCode).isZero();
            assertThat(result.stdout).isEqualTo(input);
        }

        @Test
        void anEmptyInputIsAValidEmptyGzip() throws Exception {
            Path empty = directory.resolve("empty.gz");
            Files.write(empty, gzip(new byte[0], 1, BLOCK, 2));
            assertThat(run("gzip", "-t", empty.toString()).exitCode).isZero();
            assertThat(run("gzip", "-dc", empty.toString()).stdout).isEmpty();
        }

        @Test
        void storedBlocksAtLevelZeroAreValid() throws Exception {
            Path stored = directory.resolve("stored.gz");
            Files.write(stored, gzip(input, 0, BLOCK, 2));
            assertThat(run("gzip", "-t", stored.toString()).exitCode).isZero();
            assertThat(run("gzip", "-dc", stored.toString()).stdout).isEqualTo(input);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int exitCode, byte[] stdout) {}

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        return new Result(process.exitValue(), stdout);
    }
}
