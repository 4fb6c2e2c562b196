package dev.pinion.filesystem;

import static dev.pinion.filesystem.WriteTest.kindOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #10 "holes to close" that live in the filesystem layer: a game process racing the daemon with
 * FIFOs, symlinks and renames on a real disk. One nested class per hole; after every test the host
 * directory beside the root is proven unchanged (as in {@link SecurityRegressionTest}).
 */
@ExtendWith(ServerFixtureExtension.class)
class HostileServerTest {
    /** How long each race runs: long enough for thousands of swaps, short enough for CI. */
    static final Duration RACE = Duration.ofSeconds(3);
    /** No single API call may take this long; a call parked on a FIFO would never return. */
    static final Duration HANG = Duration.ofSeconds(40);
    /** Rounds of API calls each race makes at least, however slow the machine. */
    static final int MIN_CALLS = 30;

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

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Item 2: a FIFO, socket or device swapped in by the game process never blocks a daemon thread. */
    @Nested
    class SpecialFilesNeverBlock {
        @Test
        void apiOperationsRacingFifoAndSymlinkSwapsNeverHangAndNeverEscape() throws Exception {
            // spec files-backups-transfers.md §1.2; issue #10 item 2.
            Ownership owner = Ownership.runningAsRoot() ? Ownership.always(4321, 4321) : Ownership.none();
            ServerFilesystem owned = fx.filesystem(owner);
            fx.file("x", "regular");
            fx.file("d/inner", "inner");
            ServerFixture.mkfifo(fx.root.resolve(".fifo-file"));
            ServerFixture.mkfifo(fx.root.resolve(".fifo-dir"));
            Map<String, Object> outsideOwners = owners(fx.outside);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger swaps = new AtomicInteger();
            ExecutorService hostile = Executors.newSingleThreadExecutor();
            Future<?> game = hostile.submit(() -> swapLoop(stop, swaps));
            int calls = 0;
            try {
                calls = assertTimeoutPreemptively(HANG, () -> apiLoop(owned));
            } finally {
                stop.set(true);
                game.get(10, TimeUnit.SECONDS);
                hostile.shutdownNow();
            }
            System.out.println("race: " + calls + " API rounds against " + swaps.get() + " swap rounds");
            assertThat(swaps.get()).as("the game side really raced").isGreaterThan(100);
            assertThat(owners(fx.outside)).as("nothing outside was chowned").isEqualTo(outsideOwners);
            assertThat(calls).isGreaterThanOrEqualTo(MIN_CALLS);
            try (Stream<Path> list = Files.list(fx.root)) {
                assertThat(list.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".pinion-"));
            }
        }

        /** The game process: FIFOs and outside symlinks swapped over a file and a directory, over and over. */
        private void swapLoop(AtomicBoolean stop, AtomicInteger swaps) {
            Path x = fx.root.resolve("x");
            Path d = fx.root.resolve("d");
            Path fifoFile = fx.root.resolve(".fifo-file");
            Path fifoDir = fx.root.resolve(".fifo-dir");
            Path parkedDir = fx.root.resolve(".parked-dir");
            while (!stop.get()) {
                quietly(() -> Files.move(fifoFile, x, StandardCopyOption.ATOMIC_MOVE));
                quietly(() -> Files.move(x, fifoFile, StandardCopyOption.ATOMIC_MOVE));
                quietly(() -> Files.createSymbolicLink(x, fx.outside.resolve("secret.txt")));
                quietly(() -> Files.delete(x));
                quietly(() -> Files.move(d, parkedDir, StandardCopyOption.ATOMIC_MOVE));
                quietly(() -> Files.move(fifoDir, d, StandardCopyOption.ATOMIC_MOVE));
                quietly(() -> Files.move(d, fifoDir, StandardCopyOption.ATOMIC_MOVE));
                quietly(() -> Files.createSymbolicLink(d, fx.outside.resolve("dir")));
                quietly(() -> Files.delete(d));
                quietly(() -> Files.move(parkedDir, d, StandardCopyOption.ATOMIC_MOVE));
                quietly(() -> Files.writeString(x, "regular again"));
                swaps.incrementAndGet();
            }
        }

        /** The daemon side: every operation that opens, walks, chowns or chmods, until the race time is up. */
        private int apiLoop(ServerFilesystem owned) {
            Instant end = Instant.now().plus(RACE);
            int calls = 0;
            while (Instant.now().isBefore(end) || calls < MIN_CALLS) {
                ignoringRefusals(() -> fs.write("x", body("written"), 7));
                ignoringRefusals(() -> {
                    try (ReadableFile file = fs.open("x");
                            InputStream in = file.stream()) {
                        in.readAllBytes();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                ignoringRefusals(() -> fs.write("d/new", body("new"), 3));
                ignoringRefusals(() -> fs.listDirectory("/"));
                ignoringRefusals(() -> fs.listDirectory("d"));
                ignoringRefusals(() -> fs.stat("d/inner"));
                ignoringRefusals(() -> fs.chmod("/", List.of(new ModeChange("x", "600"), new ModeChange("d", "755"))));
                ignoringRefusals(() -> fs.diskUsage().refresh());
                ignoringRefusals(() ->
                        fs.writeArchive(OutputStream.nullOutputStream(), List.of(), Denylist.empty(), bytes -> {}));
                ignoringRefusals(() -> {
                    FileStat archive = fs.compress("/", List.of("x", "d"));
                    fs.delete("/", List.of(archive.name()));
                });
                ignoringRefusals(() -> fs.delete("/", List.of(fs.copy("x"))));
                ignoringRefusals(owned::chownAll);
                calls++;
            }
            return calls;
        }

        @Test
        void aFifoInPlaceOfAFileIsRefusedByEveryReaderWithoutBlocking() throws Exception {
            ServerFixture.mkfifo(fx.root.resolve("pipe"));
            assertTimeoutPreemptively(HANG, () -> {
                assertThat(kindOf(() -> fs.open("pipe"))).isEqualTo(ErrorKind.NOT_REGULAR_FILE);
                assertThat(kindOf(() -> fs.copy("pipe"))).isEqualTo(ErrorKind.NOT_EXIST);
                assertThat(kindOf(() -> fs.decompress("/", "pipe"))).isEqualTo(ErrorKind.NOT_REGULAR_FILE);
                fs.chmod("/", List.of(new ModeChange("pipe", "600")));
                assertThat(fs.listDirectory("/")).extracting(FileStat::name).containsExactly("pipe");
                assertThat(kindOf(() -> fs.write("pipe", body("replaced"), 8))).isEqualTo(ErrorKind.NOT_REGULAR_FILE);
            });
            // chmod went through an O_PATH descriptor: applied like Wings, without opening the FIFO.
            assertThat(Files.getPosixFilePermissions(fx.root.resolve("pipe")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }

        @Test
        void theWritersTemporaryFileIsNeverVisibleToTheContainer() throws Exception {
            // The container could swap a visible temp name for a FIFO or a link before chmod/chown/rename.
            fx.file("world.dat", "old");
            List<List<String>> seen = new ArrayList<>();
            InputStream slowBody = new InputStream() {
                private int left = 3;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    seen.add(fx.rootEntries());
                    if (left == 0) {
                        return -1;
                    }
                    left--;
                    b[off] = 'n';
                    return 1;
                }
            };
            fs.write("world.dat", slowBody, 3);
            assertThat(seen).isNotEmpty().allSatisfy(names -> assertThat(names).containsExactly("world.dat"));
            assertThat(Files.readString(fx.root.resolve("world.dat"))).isEqualTo("nnn");
            assertThat(fx.rootEntries()).containsExactly("world.dat");
        }

        @Test
        void compressBuildsTheArchiveWhereTheWalkCannotSeeIt() throws Exception {
            fx.file("a.txt", "aaaa");
            FileStat archive = fs.compress("/", List.of("a.txt"));
            assertThat(fx.rootEntries()).containsExactlyInAnyOrder("a.txt", archive.name());
            assertThat(Files.getPosixFilePermissions(fx.root.resolve(archive.name())))
                    .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Item 2: a walk that never ends is reported and the quota keeps working on the last known usage. */
    @Nested
    class StuckWalkWatchdog {
        @Test
        void aStuckWalkIsReportedAndFreshReadsFallBackToTheLastKnownUsage() throws Exception {
            AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger walks = new AtomicInteger();
            ExecutorService background = Executors.newSingleThreadExecutor();
            try {
                DiskUsage usage = new DiskUsage(
                        1000,
                        Duration.ofSeconds(60),
                        now::get,
                        background,
                        () -> {
                            if (walks.incrementAndGet() == 1) {
                                return 900;
                            }
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                throw new InterruptedIOException();
                            }
                            return 950;
                        },
                        Duration.ofMinutes(5),
                        Duration.ofMillis(200));
                assertThat(usage.refresh()).isEqualTo(900);
                now.set(now.get().plusSeconds(61));
                usage.refreshInBackground();
                Awaitility.await().until(() -> usage.walkHealth().running());
                now.set(now.get().plus(Duration.ofMinutes(6)));
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    assertThat(usage.usage(false)).isEqualTo(900);
                    assertThat(usage.withinLimit(false)).isTrue();
                });
                DiskUsage.WalkHealth health = usage.walkHealth();
                assertThat(health.stuck()).isTrue();
                assertThat(health.stuckWalks()).isEqualTo(1);
                assertThat(health.runningFor()).isGreaterThan(Duration.ofMinutes(5));
                // The quota guard still refuses on the last known usage plus writes made meanwhile.
                usage.add(50);
                assertThat(usage.canFit(100)).isFalse();
                assertThat(usage.canFit(50)).isTrue();
                release.countDown();
                Awaitility.await().until(() -> !usage.walkHealth().running());
                assertThat(usage.cachedUsage()).isEqualTo(950);
                assertThat(usage.walkHealth().stuckWalks()).isEqualTo(1);
            } finally {
                release.countDown();
                background.shutdownNow();
            }
        }
    }

    /** Item 3: decompression bombs exhaust neither the heap nor the disk. */
    @Nested
    class DecompressionBombs {
        /** A valid .xz whose LZMA2 filter declares a 768 MiB dictionary (block header patched, CRC fixed). */
        byte[] xzDeclaringAHugeDictionary(byte[] payload) throws IOException {
            byte[] xz = TestArchives.xz(payload);
            int header = 12;
            int headerSize = ((xz[header] & 0xFF) + 1) * 4;
            assertThat(xz[header + 2]).as("LZMA2 filter id").isEqualTo((byte) 0x21);
            assertThat(xz[header + 3]).as("one property byte").isEqualTo((byte) 0x01);
            xz[header + 4] = 35; // a 768 MiB dictionary, the largest xz-java decodes
            CRC32 crc = new CRC32();
            crc.update(xz, header, headerSize - 4);
            long value = crc.getValue();
            for (int i = 0; i < 4; i++) {
                xz[header + headerSize - 4 + i] = (byte) (value >>> (8 * i));
            }
            return xz;
        }

        @Test
        void anXzDeclaringAHugeDictionaryIsRefusedWithoutAllocatingIt() throws Exception {
            // issue #10 item 3: without a decoder memory limit the decoder allocates the whole dictionary.
            Files.write(fx.root.resolve("bomb.xz"), xzDeclaringAHugeDictionary("tiny".getBytes()));
            Files.write(
                    fx.root.resolve("bomb.tar.xz"),
                    xzDeclaringAHugeDictionary(TestArchives.tar(TestArchives.entries("a.txt", "a"))));
            assertTimeoutPreemptively(HANG, () -> {
                assertThat(kindOf(() -> fs.decompress("/", "bomb.xz"))).isEqualTo(ErrorKind.ARCHIVE_LIMIT);
                assertThat(kindOf(() -> fs.decompress("/", "bomb.tar.xz"))).isEqualTo(ErrorKind.ARCHIVE_LIMIT);
            });
            assertThat(fx.rootEntries()).containsExactly("bomb.tar.xz", "bomb.xz");
        }

        @Test
        void expandedBytesAreCappedEvenWithoutADiskLimit() throws Exception {
            // Unlimited quota: the cap is the free space of the volume (here injected as 1 MiB).
            ServerFilesystem unlimited = new ServerFilesystem(
                    new FilesystemSettings(fx.root, fx.staging, 0, Duration.ofSeconds(150), Ownership.none(), 1),
                    Denylist.empty(),
                    fx.clock,
                    Runnable::run,
                    Runnable::run,
                    new ArchiveLimits.Policy(ArchiveLimits.MAX_ENTRIES, () -> 1024 * 1024));
            byte[] zeros = new byte[8 * 1024 * 1024];
            Files.write(fx.root.resolve("zeros.gz"), TestArchives.gzip(zeros));
            Files.write(fx.root.resolve("zeros.tar.gz"), TestArchives.gzip(TestArchives.tar(tar -> {
                for (int i = 0; i < 4; i++) {
                    TestArchives.addFile(tar, "part" + i, "x".repeat(512 * 1024), 0644);
                }
            })));
            assertThat(kindOf(() -> unlimited.decompress("/", "zeros.gz"))).isEqualTo(ErrorKind.NO_DISK);
            assertThat(kindOf(() -> unlimited.decompress("/", "zeros.tar.gz"))).isEqualTo(ErrorKind.NO_DISK);
            long extracted;
            try (Stream<Path> list = Files.list(fx.root)) {
                extracted = list.filter(p -> p.getFileName().toString().startsWith("part")
                                || p.getFileName().toString().equals("zeros"))
                        .mapToLong(p -> p.toFile().length())
                        .sum();
            }
            assertThat(extracted).isLessThanOrEqualTo(1024 * 1024);
            assertThat(Files.exists(fx.root.resolve("zeros"))).isFalse();
        }

        @Test
        void entryCountIsCapped() throws Exception {
            ServerFilesystem capped = new ServerFilesystem(
                    new FilesystemSettings(fx.root, fx.staging, 0, Duration.ofSeconds(150), Ownership.none(), 1),
                    Denylist.empty(),
                    fx.clock,
                    Runnable::run,
                    Runnable::run,
                    new ArchiveLimits.Policy(100, () -> Long.MAX_VALUE));
            Files.write(fx.root.resolve("many.tar"), TestArchives.tar(tar -> {
                for (int i = 0; i < 101; i++) {
                    TestArchives.addFile(tar, "many/f" + i, "", 0644);
                }
            }));
            Files.write(fx.root.resolve("ok.tar"), TestArchives.tar(tar -> {
                for (int i = 0; i < 100; i++) {
                    TestArchives.addFile(tar, "ok/f" + i, "", 0644);
                }
            }));
            assertThat(kindOf(() -> capped.decompress("/", "many.tar"))).isEqualTo(ErrorKind.ARCHIVE_LIMIT);
            capped.decompress("/", "ok.tar");
            try (Stream<Path> list = Files.list(fx.root.resolve("ok"))) {
                assertThat(list.count()).isEqualTo(100);
            }
        }
    }

    /** Item 8: parallel writes reserve quota atomically and cannot overshoot the limit together. */
    @Nested
    class QuotaReservations {
        @Test
        void parallelWritesNeverTogetherExceedTheLimit() throws Exception {
            long limit = 1024 * 1024;
            ServerFilesystem limited = fx.filesystem(limit, Duration.ofSeconds(150), Denylist.empty());
            int writers = 8;
            CyclicBarrier together = new CyclicBarrier(writers);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<Boolean>> results = new ArrayList<>();
            try {
                for (int i = 0; i < writers; i++) {
                    String name = "part" + i;
                    results.add(pool.submit(() -> {
                        try {
                            // Unknown length: only the per-chunk check stands between the writers and the limit.
                            limited.write(name, chunks(together, 4, 64 * 1024), -1);
                            return true;
                        } catch (FilesystemException e) {
                            assertThat(e.kind()).isEqualTo(ErrorKind.NO_DISK);
                            return false;
                        }
                    }));
                }
                int succeeded = 0;
                for (Future<Boolean> result : results) {
                    succeeded += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                long onDisk;
                try (Stream<Path> list = Files.list(fx.root)) {
                    onDisk = list.mapToLong(p -> p.toFile().length()).sum();
                }
                assertThat(onDisk).isLessThanOrEqualTo(limit);
                // Reservations are per chunk: any mix of whole and failed writes, but never more than fits.
                assertThat(succeeded).isLessThanOrEqualTo(4);
                assertThat(limited.diskUsage().cachedUsage()).isEqualTo(onDisk);
            } finally {
                pool.shutdownNow();
            }
        }

        /** {@code count} chunks of {@code size} bytes; every writer waits for the others before its first. */
        private InputStream chunks(CyclicBarrier together, int count, int size) {
            return new InputStream() {
                private int left = count;
                private boolean waited;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (!waited) {
                        waited = true;
                        try {
                            together.await(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IOException(e);
                        }
                    }
                    if (left == 0) {
                        return -1;
                    }
                    left--;
                    int n = Math.min(len, size);
                    Arrays.fill(b, off, off + n, (byte) 'q');
                    return n;
                }
            };
        }
    }

    static Map<String, Object> owners(Path directory) throws IOException {
        Map<String, Object> owners = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                owners.put(
                        directory.relativize(path).toString(),
                        Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            }
        }
        return owners;
    }

    static void ignoringRefusals(Runnable action) {
        try {
            action.run();
        } catch (FilesystemException refused) {
            // a refusal (bad path, not a regular file, vanished) is the correct answer to a swap
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException lostTheRace) {
            // the daemon moved or replaced the name first
        }
    }
}
