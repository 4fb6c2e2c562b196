package dev.pinion.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.ResourceSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a running server's resource samples into its utilization and publishes each as a
 * {@code stats} event (spec server-lifecycle-docker.md §2.7).
 */
public final class ResourceUsage {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceUsage.class);

    private final Server server;
    private final ContainerRuntime runtime;
    private final ObjectMapper mapper;
    private final LongSupplier diskBytes;
    private final Clock clock;
    private volatile Utilization current = Utilization.offline(0);
    private volatile AutoCloseable stream;

    /** {@code diskBytes} is the server's cached disk usage (it never blocks on a walk). */
    public ResourceUsage(
            Server server, ContainerRuntime runtime, ObjectMapper mapper, LongSupplier diskBytes, Clock clock) {
        this.clock = clock;
        this.server = server;
        this.runtime = runtime;
        this.mapper = mapper;
        this.diskBytes = diskBytes;
    }

    /** The current usage, with the server's current state and disk usage. */
    public Utilization current() {
        return current.withState(server.state()).withDisk(diskBytes.getAsLong());
    }

    /** Starts sampling; uptime counts from the container's start time. */
    public synchronized void start(Instant startedAt) {
        stop();
        long uptime = Math.max(0, Duration.between(startedAt, clock.instant()).toMillis());
        current = new Utilization(0, 0, 0, new Utilization.Network(0, 0), uptime, server.state(), current.diskBytes());
        stream = runtime.stats(server.uuid(), this::onSample);
    }

    private void onSample(ResourceSample sample) {
        Utilization previous = current;
        current = new Utilization(
                sample.memoryBytes(),
                sample.memoryLimitBytes(),
                sample.cpuAbsolute(),
                new Utilization.Network(sample.rxBytes(), sample.txBytes()),
                previous.uptime() + sample.uptimeDeltaMillis(),
                server.state(),
                previous.diskBytes());
        publish();
    }

    /** Stops sampling and resets everything but the disk usage, publishing that once more. */
    public synchronized void stop() {
        AutoCloseable running = stream;
        stream = null;
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                LOG.debug("closing the stats stream of {}", server.uuid(), e);
            }
            current = Utilization.offline(current.diskBytes());
            publish();
        }
    }

    private void publish() {
        try {
            server.events().publish(ServerEvent.STATS, mapper.writeValueAsString(current()));
        } catch (JsonProcessingException e) {
            LOG.warn("cannot encode stats of {}", server.uuid(), e);
        }
    }
}
