package dev.pinion.panel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A retry clock whose time only moves when the retry loop sleeps, so backoffs run instantly. */
final class FakeRetryClock implements RetryClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile Runnable onSleep = () -> {};

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now.addAndGet(duration.toNanos());
        onSleep.run();
    }

    /** Runs this on every sleep, e.g. to bring a Panel back up between attempts. */
    FakeRetryClock onSleep(Runnable action) {
        this.onSleep = action;
        return this;
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    Duration totalSlept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
