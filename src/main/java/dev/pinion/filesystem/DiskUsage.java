package dev.pinion.filesystem;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's disk quota: the limit in bytes (0 = unlimited) and the usage measured by a background walk,
 * cached for {@code system.disk_check_interval} and adjusted by every write in between (spec
 * files-backups-transfers.md §1.4). An interval of zero disables measuring: usage is reported as 0.
 * Checks read the cached value and never trigger a walk, so a request never waits on a big tree.
 *
 * <p>Watchdog: walks cannot block on special files any more (the walk opens nothing that can block),
 * but a walk that still runs longer than {@code stuckAfter} (a huge or pathological tree, a hung
 * filesystem) is reported once per walk — an error in the log, {@link #walkHealth()} for health checks
 * and metrics — and the quota keeps working on the last known usage plus every write's delta: a
 * caller wanting a fresh value waits at most {@code freshWait} for a running walk, then uses that.
 */
public final class DiskUsage {
    private static final Logger LOG = LoggerFactory.getLogger(DiskUsage.class);
    /** The measuring walk; {@link UsageWalker} is the real one. */
    @FunctionalInterface
    public interface Walk {
        long measure() throws IOException;
    }

    private final Duration checkInterval;
    private final InstantSource clock;
    private final Executor background;
    private final Walk walk;
    private final AtomicLong limit;
    private final AtomicLong usage = new AtomicLong();
    private final AtomicBoolean backgroundRunning = new AtomicBoolean();
    private final ReentrantLock walkLock = new ReentrantLock();
    private final Duration stuckAfter;
    private final Duration freshWait;
    private final AtomicLong stuckWalks = new AtomicLong();
    private final AtomicBoolean stuckReported = new AtomicBoolean();
    private volatile Instant lastLookup = Instant.MIN;
    private volatile Instant walkStarted;

    /** What the watchdog knows: whether a walk runs, for how long, and how many walks were reported stuck. */
    public record WalkHealth(
            boolean running, Duration runningFor, boolean stuck, long stuckWalks, Instant lastCompleted) {}

    public DiskUsage(long limitBytes, Duration checkInterval, InstantSource clock, Executor background, Walk walk) {
        this(limitBytes, checkInterval, clock, background, walk, Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    /**
     * @param stuckAfter a walk running longer than this (by {@code clock}) is reported stuck
     * @param freshWait how long (real time) a caller wanting a fresh value waits behind a running walk
     */
    public DiskUsage(
            long limitBytes,
            Duration checkInterval,
            InstantSource clock,
            Executor background,
            Walk walk,
            Duration stuckAfter,
            Duration freshWait) {
        this.limit = new AtomicLong(Math.max(0, limitBytes));
        this.checkInterval = checkInterval;
        this.clock = clock;
        this.background = background;
        this.walk = walk;
        this.stuckAfter = stuckAfter;
        this.freshWait = freshWait;
    }

    /** False when {@code disk_check_interval} is 0: usage is never measured and reads as 0. */
    public boolean measuring() {
        return !checkInterval.isZero() && !checkInterval.isNegative();
    }

    /** The limit in bytes; 0 means unlimited. */
    public long limit() {
        return limit.get();
    }

    /** Applies a new {@code build.disk_space} after a server sync. */
    public void setLimit(long limitBytes) {
        limit.set(Math.max(0, limitBytes));
    }

    /** The bytes left under the limit by the cached usage; {@link Long#MAX_VALUE} when unlimited. */
    public long remaining() {
        long max = limit.get();
        return max == 0 ? Long.MAX_VALUE : Math.max(0, max - cachedUsage());
    }

    /** The cached usage in bytes, never triggering a walk. */
    public long cachedUsage() {
        return measuring() ? usage.get() : 0;
    }

    /**
     * The usage, refreshed if older than the interval: synchronously when {@code allowStale} is false
     * (callers serialise on one walk), otherwise by starting a background walk and returning the cached value.
     */
    public long usage(boolean allowStale) {
        if (!measuring()) {
            return 0;
        }
        if (!expired()) {
            return usage.get();
        }
        if (allowStale) {
            refreshInBackground();
            return usage.get();
        }
        boolean locked;
        try {
            locked = walkLock.tryLock(freshWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            walkHealth();
            LOG.warn("disk usage walk still running after {}; using the last known usage", freshWait);
            return usage.get();
        }
        try {
            // A caller that waited behind another walk reads that walk's fresh result.
            return expired() ? refresh() : usage.get();
        } finally {
            walkLock.unlock();
        }
    }

    /** The watchdog: reports (once per walk) a walk running longer than {@code stuckAfter}. */
    public WalkHealth walkHealth() {
        Instant started = walkStarted;
        Instant last = lastLookup.equals(Instant.MIN) ? null : lastLookup;
        if (started == null) {
            return new WalkHealth(false, Duration.ZERO, false, stuckWalks.get(), last);
        }
        Duration running = Duration.between(started, clock.instant());
        boolean stuck = running.compareTo(stuckAfter) > 0;
        if (stuck && stuckReported.compareAndSet(false, true)) {
            stuckWalks.incrementAndGet();
            LOG.error(
                    "disk usage walk running for {} (over {}); the quota uses the last known usage {} bytes",
                    running,
                    stuckAfter,
                    usage.get());
        }
        return new WalkHealth(true, running, stuck, stuckWalks.get(), last);
    }

    /** Walks now (serialised with other walks) and caches the result. */
    public long refresh() {
        if (!measuring()) {
            return 0;
        }
        walkLock.lock();
        try {
            walkStarted = clock.instant();
            stuckReported.set(false);
            long measured;
            try {
                measured = walk.measure();
            } catch (IOException e) {
                throw new FilesystemException(ErrorKind.UNKNOWN, ".", "disk usage walk failed", e);
            }
            usage.set(measured);
            lastLookup = clock.instant();
            return measured;
        } finally {
            walkStarted = null;
            walkLock.unlock();
        }
    }

    /** Starts a background walk unless one is already running. */
    public void refreshInBackground() {
        if (!measuring()) {
            return;
        }
        if (!backgroundRunning.compareAndSet(false, true)) {
            walkHealth();
            return;
        }
        try {
            background.execute(() -> {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    // Keep the last value: a failed walk must not zero the usage and lift the quota.
                    LOG.warn("background disk usage walk failed; keeping the cached value", e);
                } finally {
                    backgroundRunning.set(false);
                }
            });
        } catch (RuntimeException e) {
            backgroundRunning.set(false);
            throw e;
        }
    }

    /** Adjusts the cached usage by a write's byte delta; never below 0, never overflowing. */
    public void add(long delta) {
        if (!measuring() || delta == 0) {
            return;
        }
        usage.updateAndGet(current -> {
            long next = saturatedAdd(current, delta);
            return Math.max(0, next);
        });
    }

    /** Wings' "can fit N bytes": unlimited, or cached usage + N within the limit. */
    public boolean canFit(long bytes) {
        long max = limit.get();
        return max == 0 || saturatedAdd(cachedUsage(), bytes) <= max;
    }

    /** Wings' "has space available": unlimited, or cached usage not above the limit (equality is fine). */
    public boolean hasSpace() {
        long max = limit.get();
        return max == 0 || cachedUsage() <= max;
    }

    /**
     * True if usage is within the limit: the server-start check uses a fresh value
     * ({@code allowStale = false}), the pull-start check a cached one.
     */
    public boolean withinLimit(boolean allowStale) {
        long max = limit.get();
        return max == 0 || usage(allowStale) <= max;
    }

    /**
     * Atomically adds {@code bytes} to the usage if they fit the limit, else throws {@link
     * ErrorKind#NO_DISK} and changes nothing, so parallel writers cannot overshoot together (issue #10
     * item 8). Give back with {@link #add}{@code (-bytes)} if the write fails.
     */
    public void reserve(long bytes, String path) {
        if (bytes <= 0) {
            return;
        }
        long max = limit.get();
        if (!measuring()) {
            if (max != 0 && bytes > max) {
                throw new FilesystemException(ErrorKind.NO_DISK, path, "not enough disk space");
            }
            return;
        }
        while (true) {
            long current = usage.get();
            long next = saturatedAdd(current, bytes);
            if (max != 0 && next > max) {
                throw new FilesystemException(ErrorKind.NO_DISK, path, "not enough disk space");
            }
            if (usage.compareAndSet(current, next)) {
                return;
            }
        }
    }

    /** Throws {@link ErrorKind#NO_DISK} unless {@code bytes} more fit. */
    public void requireFit(long bytes, String path) {
        if (!canFit(bytes)) {
            throw new FilesystemException(ErrorKind.NO_DISK, path, "not enough disk space");
        }
    }

    private boolean expired() {
        Instant last = lastLookup;
        return last.equals(Instant.MIN) || !clock.instant().isBefore(last.plus(checkInterval));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
