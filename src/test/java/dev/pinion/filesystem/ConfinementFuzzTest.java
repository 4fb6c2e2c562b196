package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile-input tests for confinement: a seeded random barrage of paths and symlink layouts, and the
 * CVE-2024-27102 swap race (spec files-backups-transfers.md §7 items 9 and 14). Both end by proving the
 * sentinel tree outside the root is untouched; reads and listings are checked as they happen.
 */
@ExtendWith(ServerFixtureExtension.class)
class ConfinementFuzzTest {
    private static final Set<String> OUTSIDE_CONTENTS = Set.of("host secret", "outside source", "deep");
    private static final Set<String> OUTSIDE_ONLY_NAMES = Set.of("nested", "deep.txt", "source.txt", "secret.txt");
    private static final String[] COMPONENTS = {
        "d0", "d1", "d2", "e0", "f0.txt", "f1.txt", "l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "..", ".", "",
        "new.txt", "x", "..\\..", "d0/..", "l0/..",
    };
    private static final String[] MODES = {"755", "700", "777", "750"};

    private List<String> linkTargets(ServerFixture fx) {
        return List.of(
                fx.outside.resolve("secret.txt").toString(),
                fx.outside.resolve("dir").toString(),
                fx.outside.toString(),
                "/",
                fx.outside.resolve("dir/new-abs.txt").toString(),
                fx.root.resolve("d0").toString(),
                "../outside",
                "../../outside/dir",
                "../../../outside/secret.txt",
                "../../../../outside/dir/nested",
                "..",
                "../..",
                "../../..",
                "d0",
                "../d1",
                "e0",
                ".",
                "missing",
                "l0",
                "l1/..",
                "../l2/x");
    }

    private String randomPath(Random random, ServerFixture fx) {
        StringBuilder path = new StringBuilder();
        int roll = random.nextInt(20);
        if (roll == 0) {
            path.append(fx.root);
        } else if (roll == 1) {
            path.append(fx.outside);
        }
        if (random.nextBoolean()) {
            path.append('/');
        }
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(COMPONENTS[random.nextInt(COMPONENTS.length)]);
        }
        return path.toString();
    }

    private void layout(Random random, ServerFixture fx) throws IOException {
        // Test-side setup by name: only used on a tree this test built, and every step tolerates the
        // random operations having turned a name into something else (a re-layout just skips it).
        for (String dir : List.of("d0/e0", "d1/e0", "d2")) {
            quietly(() -> Files.createDirectories(fx.root.resolve(dir)));
        }
        List<String> dirs = List.of("", "d0", "d1", "d2", "d0/e0", "d1/e0");
        for (int i = 0; i < 2; i++) {
            Path file = fx.root.resolve(dirs.get(random.nextInt(dirs.size()))).resolve("f" + i + ".txt");
            String content = "inside-" + i;
            quietly(() -> {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && isRealDirectoryChain(fx.root, file.getParent())) {
                    Files.writeString(file, content);
                }
            });
        }
        List<String> targets = linkTargets(fx);
        for (int i = 0; i < 8; i++) {
            Path link = fx.root.resolve(dirs.get(random.nextInt(dirs.size()))).resolve("l" + i);
            Path target = Path.of(targets.get(random.nextInt(targets.size())));
            quietly(() -> {
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS) && isRealDirectoryChain(fx.root, link.getParent())) {
                    Files.createSymbolicLink(link, target);
                }
            });
        }
    }

    /** True if every component from root to dir is a real directory, so test setup never writes through a link. */
    private static boolean isRealDirectoryChain(Path root, Path dir) {
        for (Path p = dir; p != null && p.startsWith(root); p = p.getParent()) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private byte[] hostileTar(Random random, ServerFixture fx) throws IOException {
        return TestArchives.tar(t -> {
            for (int i = 0; i < 3; i++) {
                int kind = random.nextInt(4);
                String name = randomPath(random, fx);
                if (kind == 0) {
                    TestArchives.addLink(
                            t,
                            name,
                            linkTargets(fx).get(random.nextInt(linkTargets(fx).size())),
                            random.nextBoolean() ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK);
                } else {
                    TestArchives.addFile(t, name.isEmpty() ? "x" : name, "from-archive", 0644);
                }
            }
        });
    }

    private void checkRead(String content) {
        assertThat(OUTSIDE_CONTENTS).doesNotContain(content);
    }

    private void checkListing(List<FileStat> entries) {
        for (FileStat entry : entries) {
            assertThat(OUTSIDE_ONLY_NAMES).doesNotContain(entry.name());
        }
    }

    /** Runs one random operation; true if it succeeded, false if the API refused it. */
    private boolean randomOperation(Random random, ServerFilesystem fs, ServerFixture fx) throws IOException {
        String path = randomPath(random, fx);
        try {
            switch (random.nextInt(12)) {
                case 0, 1 -> {
                    try (ReadableFile file = fs.open(path)) {
                        checkRead(new String(file.stream().readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                case 2 -> checkListing(fs.listDirectory(path));
                case 3 -> fs.stat(path);
                case 4 -> fs.write(path, ServerFixture.body("written"), 7);
                case 5 -> fs.createDirectory(randomPath(random, fx), path);
                case 6 -> fs.delete(random.nextBoolean() ? "/" : randomPath(random, fx), List.of(path));
                case 7 -> fs.chmod("/", List.of(new ModeChange(path, MODES[random.nextInt(MODES.length)])));
                case 8 ->
                    fs.rename(
                            random.nextBoolean() ? "/" : randomPath(random, fx),
                            List.of(new RenameRequest(path, randomPath(random, fx))));
                case 9 -> fs.copy(path);
                case 10 -> {
                    FileStat stat = fs.compress(random.nextBoolean() ? "/" : randomPath(random, fx), List.of(path));
                    // The archive lands in the request root; find it by name anywhere under the server root.
                    try (var walk = Files.walk(fx.root)) {
                        for (Path archive : walk.filter(
                                        p -> p.getFileName().toString().equals(stat.name()))
                                .toList()) {
                            ArchiveTest.readTarGz(archive).values().forEach(this::checkRead);
                            Files.delete(archive);
                        }
                    }
                }
                default -> {
                    Path archive = fx.root.resolve("hostile.tar");
                    Files.deleteIfExists(archive);
                    if (!Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
                        Files.write(archive, hostileTar(random, fx));
                        fs.decompress(random.nextBoolean() ? "/" : randomPath(random, fx), "/hostile.tar");
                    }
                }
            }
        } catch (FilesystemException expected) {
            assertThat(expected.kind()).isNotNull();
            return false;
        }
        return true;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomPathsAndLinkLayoutsNeverReachOutsideTheRoot(long seed, ServerFixture fx) throws Exception {
        Map<String, String> before = fx.snapshotOutside();
        Random random = new Random(seed);
        layout(random, fx);
        ServerFilesystem fs = fx.filesystem();
        long descriptorsBefore = openDescriptors();
        int succeeded = 0;
        for (int i = 0; i < 700; i++) {
            if (i % 100 == 99) {
                layout(random, fx);
            }
            if (randomOperation(random, fs, fx)) {
                succeeded++;
            }
        }
        // The barrage must exercise both sides: operations that work and operations refused.
        assertThat(succeeded).isBetween(50, 650);
        // Every error path closes what it opened: no directory or file descriptor leaks.
        assertThat(openDescriptors()).isLessThanOrEqualTo(descriptorsBefore + 2);
        fx.assertOutsideUnchanged(before);
    }

    /**
     * CVE-2024-27102 race (spec §7 item 9, with GHSA-rhq6-9rgh-v45c per item 14): while a thread keeps
     * swapping root/dir between a real directory and a symlink to outside/dir, read, write, list, chmod,
     * rename, delete and extract under dir. Nothing outside may ever be read, created, changed or deleted.
     */
    @Test
    void swappingADirectoryForAnOutsideSymlinkNeverLeaksOrEscapes(ServerFixture fx) throws Exception {
        Map<String, String> before = fx.snapshotOutside();
        ServerFilesystem fs = fx.filesystem();
        Path dir = fx.root.resolve("dir");
        Path parked = fx.root.resolve("parked");
        fx.file("dir/source.txt", "inside source");
        Files.write(fx.root.resolve("pack.tar"), TestArchives.tar(TestArchives.entries("dir/extracted.txt", "x")));
        Path outsideDir = fx.outside.resolve("dir");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger swaps = new AtomicInteger();
        AtomicReference<Throwable> swapperFailure = new AtomicReference<>();
        Thread swapper = Thread.ofPlatform().start(() -> {
            try {
                while (running.get()) {
                    quietly(() -> Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE));
                    quietly(() -> Files.createSymbolicLink(dir, outsideDir));
                    swaps.incrementAndGet();
                    quietly(() -> {
                        if (Files.isSymbolicLink(dir)) {
                            Files.delete(dir);
                        }
                    });
                    quietly(() -> Files.move(parked, dir, StandardCopyOption.ATOMIC_MOVE));
                }
            } catch (Throwable t) {
                swapperFailure.set(t);
            }
        });
        int refused = 0;
        try {
            for (int i = 0; i < 1500; i++) {
                refused += attempt(() -> {
                    try (ReadableFile file = fs.open("dir/source.txt")) {
                        checkRead(new String(file.stream().readAllBytes(), StandardCharsets.UTF_8));
                    }
                });
                refused += attempt(() -> fs.write("dir/new.txt", ServerFixture.body("inside"), 6));
                refused += attempt(() -> assertThat(fs.listDirectory("dir"))
                        .extracting(FileStat::name)
                        .doesNotContain("nested", "secret.txt"));
                refused += attempt(() -> fs.chmod("/", List.of(new ModeChange("dir/source.txt", "777"))));
                refused += attempt(() -> fs.rename("/", List.of(new RenameRequest("dir/new.txt", "dir/renamed.txt"))));
                refused += attempt(() -> fs.delete("/", List.of("dir/renamed.txt", "dir/new.txt")));
                refused += attempt(() -> fs.createDirectory("made", "dir"));
                if (i % 10 == 0) {
                    refused += attempt(() -> fs.decompress("/", "pack.tar"));
                }
            }
        } finally {
            running.set(false);
            swapper.join();
        }
        assertThat(swapperFailure.get()).isNull();
        assertThat(swaps.get()).isPositive();
        assertThat(refused).as("operations refused while the link was in place").isPositive();
        fx.assertOutsideUnchanged(before);
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static int attempt(IoAction action) {
        try {
            action.run();
            return 0;
        } catch (FilesystemException refused) {
            return 1;
        } catch (IOException e) {
            fail("unexpected I/O failure outside the API", e);
            return 0;
        }
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException ignored) {
            // the other thread changed the tree first; try the next step
        }
    }
}
