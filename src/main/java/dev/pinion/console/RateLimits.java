package dev.pinion.console;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One socket's inbound rate limits (spec README; websocket-sftp-activity.md §1.11): a global
 * bucket checked before parsing, then one bucket per event kind. A refused message is dropped; the
 * first refusal of an episode asks for one {@code throttled} notice, the next accepted message
 * ends the episode.
 */
final class RateLimits {
    /** What to do with a message. */
    enum Admission {
        ACCEPT,
        DROP,
        DROP_AND_NOTIFY
    }

    static final String GLOBAL = "global";
    private static final String OTHER = "";

    private final LongSupplier nanoTime;
    private final Map<String, Limited> buckets = new ConcurrentHashMap<>();

    private static final class Limited {
        final TokenBucket bucket;
        boolean throttled;

        Limited(TokenBucket bucket) {
            this.bucket = bucket;
        }

        synchronized Admission admit() {
            if (bucket.tryTake()) {
                throttled = false;
                return Admission.ACCEPT;
            }
            if (throttled) {
                return Admission.DROP;
            }
            throttled = true;
            return Admission.DROP_AND_NOTIFY;
        }
    }

    RateLimits(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Every frame, before it is even parsed. */
    Admission admitAny() {
        return bucket(GLOBAL).admit();
    }

    /** A parsed message of this event. */
    Admission admitEvent(String event) {
        String kind = switch (event) {
            case "auth", "send logs", "send command" -> event;
            // set state, send stats and unknown events share one bucket
            default -> OTHER;
        };
        return bucket(kind).admit();
    }

    private Limited bucket(String kind) {
        return buckets.computeIfAbsent(
                kind,
                k -> new Limited(
                        switch (k) {
                            case GLOBAL -> new TokenBucket(10, Duration.ofMillis(200), nanoTime);
                            case "auth", "send logs" -> new TokenBucket(2, Duration.ofSeconds(5), nanoTime);
                            case "send command" -> new TokenBucket(10, Duration.ofSeconds(1), nanoTime);
                            default -> new TokenBucket(4, Duration.ofSeconds(1), nanoTime);
                        }));
    }
}
