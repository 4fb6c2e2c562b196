package dev.pinion.activity;

import dev.pinion.panel.PanelCallException;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelException;
import io.dropwizard.lifecycle.Managed;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the stored activity to the Panel (spec websocket-sftp-activity.md §3.3–3.5): every interval,
 * batches of at most {@code batchSize} entries, oldest first, until the queue is empty or a delivery
 * fails. Decisions where Wings loops forever or stalls (spec README, CVE-2026-21696):
 * <ul>
 *   <li>entries the Panel would refuse are dropped before sending (logged), so one bad row cannot
 *       poison the batches behind it;</li>
 *   <li>a batch the Panel refuses with a 4xx is logged and dropped, never resent;</li>
 *   <li>5xx and network failures (after the Panel client's own retries) leave the batch queued, count an
 *       attempt on each entry and back off exponentially; an entry is dropped after
 *       {@code maxAttempts} failed deliveries;</li>
 *   <li>a run keeps sending full batches while they succeed, so a backlog drains (Wings sends one batch
 *       a minute).</li>
 * </ul>
 */
public final class ActivityShipper implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityShipper.class);
    /** Batches per run: enough to drain a burst, bounded so one run cannot hold the scheduler for long. */
    private static final int MAX_BATCHES_PER_RUN = 50;

    private final ActivityStore store;
    private final PanelClient panel;
    private final Supplier<ShippingLimits> limits;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private int consecutiveFailures;
    private Instant nextAttempt = Instant.MIN;

    /**
     * @param limits read at every run, so a configuration update applies without a restart
     * @param scheduler runs the shipping job; owned by the Dropwizard lifecycle
     */
    public ActivityShipper(
            ActivityStore store,
            PanelClient panel,
            Supplier<ShippingLimits> limits,
            Clock clock,
            ScheduledExecutorService scheduler) {
        this.store = store;
        this.panel = panel;
        this.limits = limits;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        long seconds = limits.get().interval().toSeconds();
        // As Wings' gocron v1: once at start, then every interval.
        scheduler.scheduleWithFixedDelay(this::runSafely, 0, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        // The scheduler is the lifecycle's; queued entries stay in the store for the next start.
    }

    /** What one run did. */
    public record Result(int sent, int dropped, boolean failed) {}

    /** One shipping run (the scheduled job; tests call it directly with an injected clock). */
    public synchronized Result ship() {
        ShippingLimits current = limits.get();
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            return new Result(0, 0, false);
        }
        int sentNow = 0;
        int droppedNow = 0;
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
                List<StoredActivity> rows = store.oldest(current.batchSize());
                if (rows.isEmpty()) {
                    break;
                }
                ActivityBatch built = ActivityBatch.of(rows);
                if (!built.invalid().isEmpty()) {
                    for (StoredActivity row : built.invalid()) {
                        LOG.warn(
                                "dropping activity {} for server {}: {}",
                                row.entry().event(),
                                row.entry().server(),
                                ActivityBatch.invalidReason(row.entry()));
                    }
                    store.delete(
                            built.invalid().stream().map(StoredActivity::id).toList());
                    droppedNow += built.invalid().size();
                }
                if (!built.events().isEmpty()) {
                    try {
                        panel.sendActivity(built.events());
                        sentNow += built.shipped().size();
                    } catch (PanelException e) {
                        if (!e.isClientError()) {
                            throw e;
                        }
                        // A 4xx will not change by resending the same rows (spec README: never resent forever).
                        LOG.error(
                                "the Panel refused {} activity entries ({}); dropping them",
                                built.shipped().size(),
                                e.getMessage());
                        droppedNow += built.shipped().size();
                    }
                    store.delete(built.shipped());
                }
                if (rows.size() < current.batchSize()) {
                    break;
                }
            }
            consecutiveFailures = 0;
            nextAttempt = Instant.MIN;
            return finish(sentNow, droppedNow, false);
        } catch (PanelCallException e) {
            return failed(current, now, sentNow, droppedNow, e);
        } catch (SQLException e) {
            LOG.error("activity store: {}", e.getMessage());
            return finish(sentNow, droppedNow, true);
        }
    }

    /** Entries delivered since start. */
    public long sentCount() {
        return sent.get();
    }

    /** Entries dropped since start (invalid, refused, or out of attempts). */
    public long droppedCount() {
        return refused.get();
    }

    private Result failed(ShippingLimits current, Instant now, int sentNow, int droppedNow, PanelCallException e) {
        consecutiveFailures++;
        Duration backoff = current.interval().multipliedBy(1L << Math.min(consecutiveFailures - 1, 20));
        if (backoff.compareTo(current.maxBackoff()) > 0) {
            backoff = current.maxBackoff();
        }
        nextAttempt = now.plus(backoff);
        try {
            List<StoredActivity> rows = store.oldest(current.batchSize());
            store.recordFailure(ActivityBatch.of(rows).shipped());
            int givenUp = store.dropFailedAtLeast(current.maxAttempts());
            if (givenUp > 0) {
                LOG.error("dropped {} activity entries after {} failed deliveries", givenUp, current.maxAttempts());
            }
            droppedNow += givenUp;
        } catch (SQLException storeError) {
            LOG.error("activity store: {}", storeError.getMessage());
        }
        LOG.warn("could not send activity to the Panel ({}); next attempt in {}s", e.getMessage(), backoff.toSeconds());
        return finish(sentNow, droppedNow, true);
    }

    private Result finish(int sentNow, int droppedNow, boolean failed) {
        sent.addAndGet(sentNow);
        refused.addAndGet(droppedNow);
        return new Result(sentNow, droppedNow, failed);
    }

    private void runSafely() {
        try {
            ship();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; keep shipping.
            LOG.error("activity shipping failed", e);
        }
    }
}
