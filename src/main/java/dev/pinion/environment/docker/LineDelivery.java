package dev.pinion.environment.docker;

import dev.pinion.environment.ConsoleOutput;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands console lines from the stream reader to the consumer on one task of its own, in order,
 * holding at most a fixed number of characters in between.
 *
 * <p>Why drop rather than block: the reader must keep reading. If it stopped, Docker would stop
 * draining the container's TTY and the game server itself would freeze on its next write, all
 * because a WebSocket or a log sink was slow. So when the queued lines would exceed the budget,
 * the newest line is dropped and counted (as Wings' console throttle drops lines over its limit);
 * delivery resumes with the next line that fits. Memory held per attachment is therefore bounded
 * by the budget plus one line (at most 64 KiB). The budget is counted in characters.
 */
final class LineDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(LineDelivery.class);

    private final ConsoleOutput consumer;
    private final long budgetChars;
    private final String name;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private long queuedChars;
    private long dropped;
    private boolean dropping;
    private boolean finished;
    private boolean cancelled;

    private record Pending(String line, long readAtMillis) {}

    LineDelivery(String name, Consumer<String> consumer, long budgetChars) {
        this(budgetChars, name, (text, readAtMillis) -> consumer.accept(text));
    }

    /** Hands each line on with the time it was offered (read). */
    LineDelivery(long budgetChars, String name, ConsoleOutput consumer) {
        this.name = name;
        this.consumer = consumer;
        this.budgetChars = budgetChars;
    }

    /** Starts the delivering loop on {@code delivery} (one task for the attachment's lifetime). */
    LineDelivery start(Executor delivery) {
        delivery.execute(this::deliver);
        return this;
    }

    /** Queues a line read now; never blocks. False when it was dropped because the budget is used up. */
    boolean offer(String line) {
        return offer(line, System.currentTimeMillis());
    }

    /** Queues a line read at {@code readAtMillis}; never blocks. False when it was dropped. */
    synchronized boolean offer(String line, long readAtMillis) {
        if (finished || cancelled) {
            return false;
        }
        long size = sizeOf(line);
        if (queuedChars + size > budgetChars && !queue.isEmpty()) {
            dropped++;
            if (!dropping) {
                dropping = true;
                LOG.warn("console consumer of {} is too slow; dropping output lines until it catches up", name);
            }
            return false;
        }
        dropping = false;
        queue.addLast(new Pending(line, readAtMillis));
        queuedChars += size;
        notifyAll();
        return true;
    }

    /** No more lines will come; completes {@link #drained()} once the queued ones are delivered. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** Stops delivering at once; queued lines are discarded. */
    synchronized void cancel() {
        cancelled = true;
        queue.clear();
        queuedChars = 0;
        notifyAll();
    }

    /** Completes when every line offered before {@link #finish()} was handed over (or on cancel). */
    CompletableFuture<Void> drained() {
        return drained;
    }

    synchronized long droppedLines() {
        return dropped;
    }

    synchronized long queuedChars() {
        return queuedChars;
    }

    private void deliver() {
        try {
            Pending line;
            while ((line = next()) != null) {
                try {
                    consumer.line(line.line(), line.readAtMillis());
                } catch (RuntimeException e) {
                    LOG.warn("console consumer of {} failed on a line", name, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drained.complete(null);
        }
    }

    private synchronized Pending next() throws InterruptedException {
        while (queue.isEmpty() && !finished && !cancelled) {
            wait();
        }
        if (cancelled || queue.isEmpty()) {
            return null;
        }
        Pending line = queue.removeFirst();
        queuedChars -= sizeOf(line.line());
        return line;
    }

    // Characters, counted cheaply; at least one so that floods of tiny lines are bounded too.
    private static long sizeOf(String line) {
        return Math.max(line.length(), 1);
    }
}
