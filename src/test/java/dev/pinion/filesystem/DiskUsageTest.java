package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Quota and usage caching (spec files-backups-transfers.md §1.4). */
@ExtendWith(ServerFixtureExtension.class)
class DiskUsageTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));
    private final AtomicLong measured = new AtomicLong(100);
    private final AtomicInteger walks = new AtomicInteger();
    private final List<Runnable> queued = new ArrayList<>();

    private DiskUsage usage(long limit, Duration interval) {
        return new DiskUsage(limit, interval, now::get, queued::add, () -> {
            walks.incrementAndGet();
            return measured.get();
        });
    }

    @Test
    void staleReadStartsOneBackgroundWalkAndReturnsTheCachedValue() {
        DiskUsage usage = usage(0, Duration.ofSeconds(150));
        assertThat(usage.usage(true)).isZero();
        usage.usage(true);
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(usage.usage(true)).isEqualTo(100);
        assertThat(walks).hasValue(1);
    }

    @Test
    void valueIsCachedForTheCheckIntervalThenRecomputedSynchronouslyWhenStalenessIsNotAllowed() {
        DiskUsage usage = usage(0, Duration.ofSeconds(150));
        assertThat(usage.usage(false)).isEqualTo(100);
        measured.set(500);
        now.set(now.get().plusSeconds(149));
        assertThat(usage.usage(false)).isEqualTo(100);
        now.set(now.get().plusSeconds(1));
        assertThat(usage.usage(false)).isEqualTo(500);
        assertThat(walks).hasValue(2);
    }

    @Test
    void zeroIntervalDisablesMeasuringAndReportsZero() {
        DiskUsage usage = usage(1000, Duration.ZERO);
        assertThat(usage.usage(false)).isZero();
        usage.add(5000);
        assertThat(usage.cachedUsage()).isZero();
        assertThat(usage.refresh()).isZero();
        assertThat(walks).hasValue(0);
        assertThat(usage.canFit(1000)).isTrue();
        assertThat(usage.canFit(1001)).isFalse();
    }

    @Test
    void zeroLimitIsUnlimited() {
        DiskUsage usage = usage(0, Duration.ofSeconds(150));
        usage.refresh();
        assertThat(usage.canFit(Long.MAX_VALUE)).isTrue();
        assertThat(usage.hasSpace()).isTrue();
    }

    @Test
    void canFitUsesUsagePlusBytesWithinTheLimitAndNeverOverflows() {
        DiskUsage usage = usage(150, Duration.ofSeconds(150));
        usage.refresh();
        assertThat(usage.canFit(50)).isTrue();
        assertThat(usage.canFit(51)).isFalse();
        assertThat(usage.canFit(Long.MAX_VALUE)).isFalse();
        assertThatThrownBy(() -> usage.requireFit(51, "x"))
                .isInstanceOfSatisfying(
                        FilesystemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_DISK));
    }

    @Test
    void hasSpaceCountsEqualityAsAvailable() {
        DiskUsage usage = usage(100, Duration.ofSeconds(150));
        usage.refresh();
        assertThat(usage.hasSpace()).isTrue();
        usage.add(1);
        assertThat(usage.hasSpace()).isFalse();
    }

    @Test
    void addAdjustsTheCacheAndNeverGoesBelowZero() {
        DiskUsage usage = usage(0, Duration.ofSeconds(150));
        usage.refresh();
        usage.add(50);
        assertThat(usage.cachedUsage()).isEqualTo(150);
        usage.add(-1000);
        assertThat(usage.cachedUsage()).isZero();
        usage.add(Long.MAX_VALUE);
        usage.add(Long.MAX_VALUE);
        assertThat(usage.cachedUsage()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void realWalkSumsRegularFilesOnlyAndNeverFollowsSymlinks(ServerFixture fx) throws Exception {
        fx.file("a.txt", "12345");
        fx.file("sub/deeper/b.bin", "1234567890");
        fx.link("to-outside", fx.outside.toString());
        fx.link("to-secret", fx.outside.resolve("secret.txt").toString());
        fx.link("sub/loop", "..");
        Files.createDirectories(fx.root.resolve("empty"));
        ServerFilesystem fs = fx.filesystem();
        assertThat(fs.diskUsage().refresh()).isEqualTo(15);
    }

    @Test
    void walkOfManyFilesCountsEveryOne(ServerFixture fx) throws Exception {
        // Correctness on a wide tree; speed on 100,000-file trees is measured in bench/, never timed here.
        long expected = 0;
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(fx.root.resolve("d" + d));
            for (int f = 0; f < 1000; f++) {
                Files.write(dir.resolve("f" + f), new byte[f % 3]);
                expected += f % 3;
            }
        }
        ServerFilesystem fs = fx.filesystem();
        assertThat(fs.diskUsage().refresh()).isEqualTo(expected);
    }
}
