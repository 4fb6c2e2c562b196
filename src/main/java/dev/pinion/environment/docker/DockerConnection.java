package dev.pinion.environment.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the shared Docker transport for the process's lifetime. Start-up never waits for Docker:
 * a background task pings it with backoff until it answers, logging what is wrong meanwhile,
 * and the health check reports the current state.
 */
public final class DockerConnection implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DockerConnection.class);

    private final DockerEngine engine;
    private final DockerHttpClient transport;
    private final String host;
    private final CountDownLatch reachable = new CountDownLatch(1);
    private final ExecutorService work;
    private volatile Future<?> watcher;

    /** @param work runs the connecting loop until Docker answers */
    public DockerConnection(DockerEngine engine, DockerHttpClient transport, String host, ExecutorService work) {
        this.work = work;
        this.engine = engine;
        this.transport = transport;
        this.host = host;
    }

    @Override
    public void start() {
        watcher = work.submit(this::connect);
    }

    private void connect() {
        Duration wait = Duration.ofMillis(500);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String api = engine.ping();
                LOG.info("connected to Docker at {} (API {})", host, api);
                reachable.countDown();
                return;
            } catch (RuntimeException e) {
                LOG.warn(
                        "Docker at {} is not reachable ({}); retrying in {} ms", host, e.getMessage(), wait.toMillis());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                    ? Duration.ofSeconds(30)
                    : wait.multipliedBy(2);
        }
    }

    /** Waits until Docker has answered once; false on timeout. */
    public boolean awaitReachable(Duration timeout) throws InterruptedException {
        return reachable.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws Exception {
        Future<?> running = watcher;
        if (running != null) {
            running.cancel(true);
        }
        transport.close();
    }
}
