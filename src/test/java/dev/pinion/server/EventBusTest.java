package dev.pinion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-server bus: ordered delivery, and a slow reader only hurts itself. */
class EventBusTest {
    private static final Executor DELIVERY = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void deliversEventsToEverySubscriberInOrder() {
        EventBus bus = new EventBus(DELIVERY);
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        bus.subscribe(100, e -> first.add(e.data()));
        bus.subscribe(100, e -> second.add(e.data()));

        for (int i = 0; i < 50; i++) {
            bus.publish(ServerEvent.CONSOLE_OUTPUT, "line " + i);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> first.size() == 50 && second.size() == 50);
        assertThat(first).startsWith("line 0", "line 1").endsWith("line 49").isEqualTo(second);
    }

    @Test
    void aDirectSubscriberGetsEveryEventOnThePublishersThreadWhileADelayedQueueDrops() {
        // The console feed subscribes directly: no delivery task can fall behind and drop for every socket.
        EventBus bus = new EventBus(command -> {}); // a delivery executor that never runs anything
        List<String> direct = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        EventBus.Subscription queued = bus.subscribe(8, e -> {});
        bus.subscribeDirect(e -> {
            direct.add(e.data());
            threads.add(Thread.currentThread());
        });
        bus.subscribeDirect(e -> {
            throw new IllegalStateException("a failing reader");
        });

        for (int i = 0; i < 10_000; i++) {
            bus.publish(ServerEvent.CONSOLE_OUTPUT, "line " + i);
        }

        assertThat(direct).hasSize(10_000).startsWith("line 0").endsWith("line 9999");
        assertThat(threads).containsOnly(Thread.currentThread());
        assertThat(queued.dropped()).isGreaterThanOrEqualTo(10_000 - 8);
    }

    @Test
    void aStuckSubscriberNeitherBlocksThePublisherNorOtherSubscribers() throws InterruptedException {
        EventBus bus = new EventBus(DELIVERY);
        CountDownLatch release = new CountDownLatch(1);
        EventBus.Subscription stuck = bus.subscribe(8, e -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> healthy = new CopyOnWriteArrayList<>();
        bus.subscribe(20_000, e -> healthy.add(e.data()));

        long began = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            bus.publish(ServerEvent.CONSOLE_OUTPUT, "line " + i);
        }
        long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.size() == 10_000);
        assertThat(publishMillis).isLessThan(5_000);
        assertThat(stuck.dropped()).isGreaterThanOrEqualTo(10_000 - 8 - 1);
        release.countDown();
    }

    @Test
    void topicSubscriptionSeesOnlyItsTopics() {
        EventBus bus = new EventBus(DELIVERY);
        List<String> stats = new CopyOnWriteArrayList<>();
        List<String> all = new CopyOnWriteArrayList<>();
        bus.subscribe(10, Set.of(ServerEvent.STATS), e -> stats.add(e.topic()));
        bus.subscribe(10, e -> all.add(e.topic()));

        bus.publish(ServerEvent.CONSOLE_OUTPUT, "x");
        bus.publish(ServerEvent.STATS, "{}");
        bus.publish(ServerEvent.STATUS, "running");

        await().atMost(Duration.ofSeconds(5)).until(() -> all.size() == 3);
        assertThat(stats).containsExactly(ServerEvent.STATS);
    }

    @Test
    void closedSubscriptionReceivesNothingMore() {
        EventBus bus = new EventBus(DELIVERY);
        List<String> seen = new CopyOnWriteArrayList<>();
        EventBus.Subscription subscription = bus.subscribe(10, e -> seen.add(e.data()));
        bus.publish("status", "running");
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);

        subscription.close();
        bus.publish("status", "offline");
        List<String> control = new CopyOnWriteArrayList<>();
        bus.subscribe(10, e -> control.add(e.data()));
        bus.publish("status", "starting");

        await().atMost(Duration.ofSeconds(5)).until(() -> control.size() == 1);
        assertThat(seen).containsExactly("running");
    }

    @Test
    void anIdleSubscriberHoldsNoDeliveryTask() {
        // 100 quiet servers with a few subscribers each must not park hundreds of threads.
        AtomicInteger started = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        Executor counting = task -> {
            started.incrementAndGet();
            running.incrementAndGet();
            DELIVERY.execute(() -> {
                try {
                    task.run();
                } finally {
                    running.decrementAndGet();
                }
            });
        };
        EventBus bus = new EventBus(counting);
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(100, e -> seen.add(e.data()));
        bus.subscribe(100, Set.of(ServerEvent.STATS), e -> seen.add(e.data()));
        assertThat(started).hasValue(0);

        bus.publish(ServerEvent.CONSOLE_OUTPUT, "one");
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1 && running.get() == 0);
        bus.publish(ServerEvent.CONSOLE_OUTPUT, "two");
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2 && running.get() == 0);

        assertThat(seen).containsExactly("one", "two");
        assertThat(started).hasValue(2); // one task per burst, none for the subscriber that saw nothing
    }

    @Test
    void eventsAreHandledOneAtATimeInOrderAcrossBursts() throws InterruptedException {
        EventBus bus = new EventBus(DELIVERY);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger inHandler = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        bus.subscribe(100_000, e -> {
            if (inHandler.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            seen.add(Integer.parseInt(e.data()));
            inHandler.decrementAndGet();
        });
        Thread[] publishers = new Thread[4];
        // Bursts from one publisher at a time, with the queue running dry between them.
        for (int burst = 0; burst < publishers.length; burst++) {
            int first = burst * 1000;
            publishers[burst] = Thread.ofPlatform().start(() -> {
                for (int i = first; i < first + 1000; i++) {
                    bus.publish(ServerEvent.CONSOLE_OUTPUT, Integer.toString(i));
                }
            });
            publishers[burst].join();
            int expected = first + 1000;
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == expected);
        }

        assertThat(overlapped).isFalse();
        assertThat(seen).isSorted().hasSize(4000);
    }

    @Test
    void aRefusedDeliveryKeepsTheEventsForTheNextPublish() {
        // A saturated or stopping executor refuses the task: the publisher never sees it, nothing is lost
        // beyond the subscriber's own bound, and the next event starts delivery again.
        AtomicBoolean refuse = new AtomicBoolean(true);
        Executor flaky = task -> {
            if (refuse.get()) {
                throw new RejectedExecutionException("saturated");
            }
            DELIVERY.execute(task);
        };
        EventBus bus = new EventBus(flaky);
        List<String> seen = new CopyOnWriteArrayList<>();
        EventBus.Subscription subscription = bus.subscribe(3, e -> seen.add(e.data()));

        for (int i = 0; i < 5; i++) {
            bus.publish(ServerEvent.CONSOLE_OUTPUT, "refused " + i);
        }
        refuse.set(false);
        bus.publish(ServerEvent.CONSOLE_OUTPUT, "accepted");

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
        assertThat(seen).containsExactly("refused 3", "refused 4", "accepted");
        assertThat(subscription.dropped()).isEqualTo(3);
    }
}
