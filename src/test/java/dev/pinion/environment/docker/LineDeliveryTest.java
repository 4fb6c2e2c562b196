package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Console lines reach the consumer on one thread, in order, and a slow consumer cannot grow memory (spec §2.5). */
class LineDeliveryTest {
    private static final Executor DELIVERY = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void deliversLinesInOrderOnOneThread() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        LineDelivery delivery = new LineDelivery(
                        "t",
                        line -> {
                            seen.add(line);
                            threads.add(Thread.currentThread());
                        },
                        1_000_000)
                .start(DELIVERY);
        for (int i = 0; i < 1000; i++) {
            delivery.offer("line " + i);
        }
        delivery.finish();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(seen).hasSize(1000).startsWith("line 0", "line 1").endsWith("line 999");
        assertThat(threads.stream().distinct()).hasSize(1);
    }

    @Test
    void aLateConsumerStillSeesWhenEachLineWasRead() throws Exception {
        // Wings' throttle judges lines by when they were read: a consumer that ran late must not see
        // a second of output as one burst (issue #10 item 13: the fan-out bench lost half its lines so)
        CountDownLatch release = new CountDownLatch(1);
        List<Long> stamps = new CopyOnWriteArrayList<>();
        LineDelivery delivery = new LineDelivery(1_000_000, "t", (line, readAtMillis) -> {
                    await(release);
                    stamps.add(readAtMillis);
                })
                .start(DELIVERY);
        for (int i = 0; i < 10; i++) {
            delivery.offer("line " + i, 1_000L * i);
        }
        release.countDown();
        delivery.finish();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(stamps).containsExactly(0L, 1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L, 9_000L);
    }

    @Test
    void slowConsumerMakesNewLinesDropOnceTheBudgetIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        LineDelivery delivery = new LineDelivery(
                        "t",
                        line -> {
                            await(release);
                            seen.add(line);
                        },
                        100)
                .start(DELIVERY);
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (delivery.offer("0123456789")) {
                accepted++;
            }
            assertThat(delivery.queuedChars()).isLessThanOrEqualTo(100);
        }
        assertThat(accepted).isLessThanOrEqualTo(12);
        assertThat(delivery.droppedLines()).isEqualTo(1000 - accepted);
        release.countDown();
        delivery.finish();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(seen).hasSize(accepted);
    }

    @Test
    void deliveryResumesAfterTheConsumerCatchesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        LineDelivery delivery = new LineDelivery(
                        "t",
                        line -> {
                            await(release);
                            seen.add(line);
                        },
                        20)
                .start(DELIVERY);
        for (int i = 0; i < 50; i++) {
            delivery.offer("burst-" + i);
        }
        release.countDown();
        waitUntil(() -> delivery.queuedChars() == 0);
        assertThat(delivery.offer("after")).isTrue();
        delivery.finish();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(seen).endsWith("after");
    }

    @Test
    void oneLineLargerThanTheBudgetIsStillDeliveredWhenNothingIsQueued() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        LineDelivery delivery = new LineDelivery("t", seen::add, 10).start(DELIVERY);
        assertThat(delivery.offer("x".repeat(500))).isTrue();
        delivery.finish();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("x".repeat(500));
    }

    @Test
    void drainedCompletesOnlyAfterQueuedLinesWereDelivered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        LineDelivery delivery = new LineDelivery(
                        "t",
                        line -> {
                            await(release);
                            seen.add(line);
                        },
                        1000)
                .start(DELIVERY);
        delivery.offer("a");
        delivery.offer("b");
        delivery.finish();
        assertThat(delivery.drained()).isNotDone();
        release.countDown();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void cancelCompletesDrainedAndRefusesLines() throws Exception {
        LineDelivery delivery = new LineDelivery("t", line -> {}, 1000).start(DELIVERY);
        delivery.cancel();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(delivery.offer("late")).isFalse();
    }

    @Test
    void consumerExceptionDoesNotStopDelivery() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        LineDelivery delivery = new LineDelivery(
                        "t",
                        line -> {
                            if (line.equals("bad")) {
                                throw new IllegalStateException("boom");
                            }
                            seen.add(line);
                        },
                        1000)
                .start(DELIVERY);
        delivery.offer("bad");
        delivery.offer("good");
        delivery.finish();
        delivery.drained().get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("good");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(BooleanSupplier condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
