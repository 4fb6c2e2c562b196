package dev.pinion.server;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A server's event bus. Publishing never blocks: every subscriber has its own bounded queue,
 * drained in order by its own task on the delivery executor, and a subscriber that falls behind loses its own
 * oldest events — a slow browser can neither stall the game server's console nor other readers.
 *
 * <p>A subscriber's task runs only while its queue has events: it is started by the event that finds the
 * queue idle and ends when the queue is empty. An idle subscriber holds no thread, so a node with hundreds of
 * quiet servers does not keep hundreds of parked threads (and their stacks) for them.
 */
public final class EventBus {
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final Executor delivery;

    /** @param delivery runs a subscriber's delivery task while it has events waiting (one at a time per subscriber) */
    public EventBus(Executor delivery) {
        this.delivery = delivery;
    }

    /** A live subscription; closing it stops delivery. */
    public interface Subscription extends AutoCloseable {
        /** How many events this subscriber lost because it fell behind. */
        long dropped();

        @Override
        void close();
    }

    public void publish(String topic, String data) {
        ServerEvent event = new ServerEvent(topic, data);
        for (Subscriber subscriber : subscribers) {
            if (subscriber.topics.isEmpty() || subscriber.topics.contains(topic)) {
                subscriber.offer(event);
            }
        }
    }

    /** Delivers every later event to {@code handler}, keeping at most {@code capacity} waiting. */
    public Subscription subscribe(int capacity, Consumer<ServerEvent> handler) {
        return subscribe(capacity, Set.of(), handler);
    }

    /** As {@link #subscribe(int, Consumer)}, for the given topics only (none given: all). */
    public Subscription subscribe(int capacity, Set<String> topics, Consumer<ServerEvent> handler) {
        Subscriber subscriber = new Subscriber(capacity, topics, handler);
        subscribers.add(subscriber);
        return subscriber;
    }

    /**
     * Hands every later event to {@code handler} on the publisher's own thread, with no queue and no
     * thread between: for a handler that only does quick work that never blocks (the console feed
     * encodes an event and appends it to its log), so a delayed delivery task can never make it lose
     * events. The handler may be called from several publishing threads at once.
     */
    public Subscription subscribeDirect(Consumer<ServerEvent> handler) {
        Subscriber subscriber = new Subscriber(0, Set.of(), handler);
        subscriber.direct = true;
        subscribers.add(subscriber);
        return subscriber;
    }

    /** How many subscriptions are open (for tests and metrics). */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Ends every subscription (the server is being deleted or the daemon stops). */
    public void close() {
        subscribers.forEach(Subscriber::close);
    }

    private final class Subscriber implements Subscription {
        private final int capacity;
        private final Set<String> topics;
        private final Consumer<ServerEvent> handler;
        private final ArrayDeque<ServerEvent> queue = new ArrayDeque<>();
        private final AtomicLong dropped = new AtomicLong();
        private volatile boolean closed;
        // Set once, before the subscriber is published to the set.
        private boolean direct;
        // A delivery task is queued or running; guarded by this. At most one, so events are handled in order.
        private boolean draining;

        Subscriber(int capacity, Set<String> topics, Consumer<ServerEvent> handler) {
            this.capacity = Math.max(1, capacity);
            this.topics = Set.copyOf(topics);
            this.handler = handler;
        }

        void offer(ServerEvent event) {
            if (!direct) {
                enqueue(event);
                return;
            }
            if (!closed) {
                try {
                    handler.accept(event);
                } catch (RuntimeException e) {
                    // One reader's failure must not reach the publisher.
                }
            }
        }

        private void enqueue(ServerEvent event) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (queue.size() >= capacity) {
                    queue.pollFirst();
                    dropped.incrementAndGet();
                }
                queue.addLast(event);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                delivery.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The executor is saturated or stopping: the events stay queued (bounded, oldest dropped
                // first) and the next publish tries again. The publisher never sees the refusal.
                synchronized (this) {
                    draining = false;
                }
            }
        }

        /** The next event to hand over, or null when there is none (and this subscriber's task ends). */
        private synchronized ServerEvent next() {
            ServerEvent event = closed ? null : queue.pollFirst();
            if (event == null) {
                draining = false;
            }
            return event;
        }

        void drain() {
            for (ServerEvent event = next(); event != null; event = next()) {
                try {
                    handler.accept(event);
                } catch (RuntimeException e) {
                    // One reader's failure must not end its subscription or reach the publisher.
                }
            }
        }

        @Override
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                queue.clear();
            }
            subscribers.remove(this);
        }
    }
}
