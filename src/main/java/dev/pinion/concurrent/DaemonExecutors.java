package dev.pinion.concurrent;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The three executors every subsystem shares, each for one kind of wait.
 *
 * @param work     virtual threads for work that blocks in Java code: power actions, installs,
 *                 creates, crash handling, pulls, file deletion, disk walks, event subscribers'
 *                 deliveries (while events wait) and console writers; bounded by {@link #WORK_THREADS}
 * @param dockerIo platform threads for reads on the Docker transport (attach, stats, followed logs,
 *                 stop and wait): its socket reads are native calls that would pin a virtual thread's
 *                 carrier; bounded by {@link #DOCKER_IO_THREADS}, the transport's own connection limit
 * @param timers   a few threads for periodic and delayed tasks; a timer task must be short or hand its
 *                 work to {@code work}
 */
public record DaemonExecutors(ExecutorService work, ExecutorService dockerIo, ScheduledExecutorService timers) {
    /** Virtual threads are cheap: the bound is a backstop against runaway work, not a throttle. */
    public static final int WORK_THREADS = 4096;
    /** Tasks waiting for a work thread once all are busy; beyond this, submissions are refused. */
    public static final int WORK_QUEUE = 1024;
    /**
     * How long an idle work thread waits for another task. While fewer than {@link #WORK_THREADS} exist, the
     * pool starts a new thread for every task rather than reusing an idle one, so a long wait only keeps
     * finished virtual threads (and their stack chunks) around: ~300 of them, ~2 MiB, on a node that has just
     * loaded 100 servers. A virtual thread costs less to start than to keep.
     */
    public static final Duration WORK_KEEP_ALIVE = Duration.ofSeconds(1);
    /** Platform threads cost a stack and a kernel thread to start: the Docker readers keep theirs a minute. */
    public static final Duration DOCKER_IO_KEEP_ALIVE = Duration.ofSeconds(60);
    /** The Docker transport's connection limit (DockerClients): a reader beyond it could not connect anyway. */
    public static final int DOCKER_IO_THREADS = 512;

    public static final int DOCKER_IO_QUEUE = 64;
    public static final int TIMER_THREADS = 4;
    /** How long shutdown waits for running work before giving up on it. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public static ThreadFactory workThreads(String prefix) {
        return Thread.ofVirtual().name(prefix + "work-", 0).factory();
    }

    public static ThreadFactory dockerIoThreads(String prefix) {
        return Thread.ofPlatform().daemon().name(prefix + "docker-io-", 0).factory();
    }

    public static ThreadFactory timerThreads(String prefix) {
        return Thread.ofVirtual().name(prefix + "timer-", 0).factory();
    }

    /**
     * The same executors without a lifecycle, for tests and tools that run parts of the core on
     * their own; the caller calls {@link #shutdownNow()}.
     */
    public static DaemonExecutors unmanaged(String prefix) {
        return new DaemonExecutors(
                bounded(WORK_THREADS, WORK_QUEUE, WORK_KEEP_ALIVE, workThreads(prefix)),
                bounded(DOCKER_IO_THREADS, DOCKER_IO_QUEUE, DOCKER_IO_KEEP_ALIVE, dockerIoThreads(prefix)),
                new ScheduledThreadPoolExecutor(TIMER_THREADS, timerThreads(prefix)));
    }

    private static ExecutorService bounded(int threads, int queue, Duration keepAlive, ThreadFactory factory) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                threads,
                threads,
                keepAlive.toMillis(),
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue),
                factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Stops all three at once (for {@link #unmanaged} ones; the lifecycle drains managed ones). */
    public void shutdownNow() {
        timers.shutdownNow();
        work.shutdownNow();
        dockerIo.shutdownNow();
    }
}
