package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pinion.filesystem.RenameRequest;
import dev.pinion.filesystem.ServerFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10 item 1: egg config files are rewritten by descriptor, not by path. A game process swapping
 * the config's directory for a symlink to the host (a node's own config.yml is reachable as root) in a
 * tight loop while pre-boot rewrites it never gets a byte written outside the volume; and pre-boot holds
 * the file API off so it cannot rename under the rewrite.
 */
class ConfigFileRaceTest {
    static final Duration RACE = Duration.ofSeconds(3);
    static final int MIN_ROUNDS = 100;

    @TempDir
    Path temp;

    Path root;
    Path host;
    ServerFilesystem filesystem;
    Volume volume;
    String hostBefore;

    private static final String PROPS = """
      { "parser": "properties", "file": "config/server.properties",
        "replace": [ { "match": "server-port", "replace_with": "25565" } ] }
      """;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(temp.resolve("volume"));
        host = Files.createDirectory(temp.resolve("host-etc"));
        Files.writeString(host.resolve("server.properties"), "server-port=1\n");
        hostBefore = Files.readString(host.resolve("server.properties"));
        filesystem = Volume.filesystem(root);
        volume = new Volume(root, new ConfigFileApplier(filesystem));
        volume.write("config/server.properties", "server-port=1\n");
    }

    @AfterEach
    void hostIsUntouched() throws Exception {
        assertThat(Files.readString(host.resolve("server.properties"))).isEqualTo(hostBefore);
        try (var list = Files.list(host)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("server.properties");
        }
    }

    @Test
    void aDirectorySwappedForAHostSymlinkNeverRedirectsTheRewrite() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        ExecutorService game = Executors.newSingleThreadExecutor();
        Future<?> swapping = game.submit(() -> {
            Path config = root.resolve("config");
            Path parked = root.resolve(".parked");
            while (!stop.get()) {
                quietly(() -> Files.move(config, parked, StandardCopyOption.ATOMIC_MOVE));
                quietly(() -> Files.createSymbolicLink(config, host));
                quietly(() -> Files.delete(config));
                quietly(() -> Files.move(parked, config, StandardCopyOption.ATOMIC_MOVE));
                swaps.incrementAndGet();
            }
        });
        AtomicInteger updated = new AtomicInteger();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                Instant end = Instant.now().plus(RACE);
                int rounds = 0;
                while (Instant.now().isBefore(end) || rounds < MIN_ROUNDS) {
                    ConfigFileResult result = volume.applyOne(PROPS);
                    if (result.outcome() == ConfigFileResult.Outcome.UPDATED) {
                        updated.incrementAndGet();
                    } else {
                        // A refusal names the reason, never a host path.
                        assertThat(result.problem()).get().asString().doesNotContain(temp.toString());
                    }
                    rounds++;
                }
            });
        } finally {
            stop.set(true);
            swapping.get(10, TimeUnit.SECONDS);
            game.shutdownNow();
        }
        assertThat(swaps.get()).isGreaterThan(100);
        assertThat(updated.get()).as("some rewrites landed in the volume").isPositive();
    }

    @Test
    void preBootHoldsTheFileApiOffUntilItIsDone() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> preBoot = threads.submit(() -> filesystem.exclusively(() -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return volume.applyOne(PROPS);
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> rename = CompletableFuture.runAsync(
                    () -> filesystem.rename("/", List.of(new RenameRequest("config", "moved"))), threads);
            // The rename waits while pre-boot runs...
            Awaitility.await()
                    .during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !rename.isDone());
            assertThat(Files.isDirectory(root.resolve("config"))).isTrue();
            release.countDown();
            preBoot.get(10, TimeUnit.SECONDS);
            rename.get(10, TimeUnit.SECONDS);
            // ...and runs after it: the rewrite happened in place first.
            assertThat(Files.readString(root.resolve("moved/server.properties")))
                    .isEqualTo("server-port=25565\n");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException lostTheRace) {
            // the daemon got there first
        }
    }
}
