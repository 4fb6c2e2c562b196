package dev.pinion.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared executors: finished work threads do not linger on an idle node. */
class DaemonExecutorsTest {
    private final DaemonExecutors executors = DaemonExecutors.unmanaged("test-");

    @AfterEach
    void stop() {
        executors.shutdownNow();
    }

    @Test
    void workThreadsEndSoonAfterABurst() throws InterruptedException {
        // Below its bound the pool starts a thread per task; each then idles for the keep-alive. Loading 100
        // servers is such a burst: with a minute's keep-alive, ~300 finished threads stayed parked.
        ThreadPoolExecutor work = (ThreadPoolExecutor) executors.work();
        CountDownLatch done = new CountDownLatch(300);
        for (int i = 0; i < 300; i++) {
            work.execute(done::countDown);
        }
        done.await();
        assertThat(work.getLargestPoolSize()).isGreaterThan(1);

        await().atMost(DaemonExecutors.WORK_KEEP_ALIVE.plus(Duration.ofSeconds(5)))
                .until(() -> work.getPoolSize() == 0);
        assertThat(DaemonExecutors.WORK_KEEP_ALIVE).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
}
