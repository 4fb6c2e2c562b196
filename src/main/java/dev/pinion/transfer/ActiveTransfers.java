package dev.pinion.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every transfer running on this node, both directions, with when each last moved a byte: what the
 * {@code active-transfers} gauge, the bytes counters and the stuck-transfer health check read.
 * Thread-safe.
 */
public final class ActiveTransfers {
    /** Which way a transfer goes from this node's point of view. */
    public enum Direction {
        OUTGOING,
        INCOMING
    }

    /** One running transfer's movement, updated by the thread moving its bytes. */
    public static final class Movement {
        private final String server;
        private final Direction direction;
        private final Clock clock;
        private final AtomicLong bytes = new AtomicLong();
        private volatile Instant lastProgress;

        Movement(String server, Direction direction, Clock clock) {
            this.server = server;
            this.direction = direction;
            this.clock = clock;
            this.lastProgress = clock.instant();
        }

        void moved(long count, AtomicLong total) {
            bytes.addAndGet(count);
            total.addAndGet(count);
            lastProgress = clock.instant();
        }

        public String server() {
            return server;
        }

        public Direction direction() {
            return direction;
        }

        public long bytes() {
            return bytes.get();
        }

        public Instant lastProgress() {
            return lastProgress;
        }
    }

    private final Clock clock;
    private final Map<String, Movement> running = new ConcurrentHashMap<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    public ActiveTransfers(Clock clock) {
        this.clock = clock;
    }

    Movement begin(String server, Direction direction) {
        Movement movement = new Movement(server, direction, clock);
        running.put(direction + "/" + server, movement);
        return movement;
    }

    void end(Movement movement) {
        running.remove(movement.direction() + "/" + movement.server(), movement);
    }

    /** Counts {@code count} bytes moved by {@code movement} (archive bytes on the wire). */
    void moved(Movement movement, long count) {
        movement.moved(count, movement.direction() == Direction.OUTGOING ? bytesSent : bytesReceived);
    }

    public int count() {
        return running.size();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Transfers that moved nothing for longer than {@code limit}. */
    public List<Movement> stalled(Duration limit) {
        Instant now = clock.instant();
        return running.values().stream()
                .filter(m -> Duration.between(m.lastProgress(), now).compareTo(limit) > 0)
                .toList();
    }
}
