package dev.pinion.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerEvent;
import dev.pinion.server.ServerState;
import dev.pinion.server.Utilization;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The per-server gauges, labelled by uuid ({@link LabelledMetrics}): registered when a server is
 * loaded or created, removed when it is deleted. Values come from what the daemon already keeps
 * (the last Docker stats sample, the cached disk usage), read at most once a second per server
 * however often Prometheus scrapes.
 */
public final class ServerMetrics {
    /** Every per-server family, without the uuid label (Prometheus name: dots become underscores). */
    public static final List<String> FAMILIES = List.of(
            "pinion.server.state",
            "pinion.server.cpu_absolute",
            "pinion.server.memory_bytes",
            "pinion.server.memory_limit_bytes",
            "pinion.server.network_rx_bytes",
            "pinion.server.network_tx_bytes",
            "pinion.server.disk_bytes",
            "pinion.server.disk_limit_bytes",
            "pinion.server.uptime_seconds",
            "pinion.server.console_lines",
            "pinion.server.console_sockets");

    private final MetricRegistry registry;
    private final ToIntFunction<String> consoleSockets;
    private final Map<String, AutoCloseable> consoleSubscriptions = new ConcurrentHashMap<>();

    /** {@code consoleSockets}: open console WebSockets of a server (by uuid). */
    public ServerMetrics(MetricRegistry registry, ToIntFunction<String> consoleSockets) {
        this.registry = registry;
        this.consoleSockets = consoleSockets;
    }

    /** Wings' state names as numbers, for graphs: offline 0, starting 1, running 2, stopping 3. */
    public static int stateCode(ServerState state) {
        return state.ordinal();
    }

    public void add(ManagedServer managed) {
        String uuid = managed.uuid();
        CachedGauge<Utilization> usage = new CachedGauge<>(1, TimeUnit.SECONDS) {
            @Override
            protected Utilization loadValue() {
                return managed.usage().current();
            }
        };
        gauge("pinion.server.state", uuid, () -> stateCode(managed.server().state()));
        gauge("pinion.server.cpu_absolute", uuid, () -> usage.getValue().cpuAbsolute());
        gauge("pinion.server.memory_bytes", uuid, () -> usage.getValue().memoryBytes());
        gauge(
                "pinion.server.memory_limit_bytes",
                uuid,
                () -> managed.server().configuration().settings().build().memoryLimit() * 1024L * 1024L);
        gauge(
                "pinion.server.network_rx_bytes",
                uuid,
                () -> usage.getValue().network().rxBytes());
        gauge(
                "pinion.server.network_tx_bytes",
                uuid,
                () -> usage.getValue().network().txBytes());
        gauge("pinion.server.disk_bytes", uuid, () -> usage.getValue().diskBytes());
        gauge(
                "pinion.server.disk_limit_bytes",
                uuid,
                () -> managed.filesystem().diskUsage().limit());
        gauge("pinion.server.uptime_seconds", uuid, () -> usage.getValue().uptime() / 1000);
        gauge("pinion.server.console_sockets", uuid, () -> consoleSockets.applyAsInt(uuid));
        Meter lines = registry.meter(LabelledMetrics.server("pinion.server.console_lines", uuid));
        // Every line the console delivers (after Wings' throttle), read off the server's event bus.
        close(consoleSubscriptions.put(
                uuid,
                managed.server().events().subscribe(1024, Set.of(ServerEvent.CONSOLE_OUTPUT), event -> lines.mark())));
    }

    public void remove(String uuid) {
        close(consoleSubscriptions.remove(uuid));
        FAMILIES.forEach(family -> registry.remove(LabelledMetrics.server(family, uuid)));
    }

    private static void close(AutoCloseable subscription) {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // closing a subscription only drops its queue
            }
        }
    }

    private void gauge(String family, String uuid, Gauge<? extends Number> gauge) {
        String name = LabelledMetrics.server(family, uuid);
        registry.remove(name);
        registry.register(name, gauge);
    }

    /**
     * The node-wide gauges over every server: {@code pinion.node.servers{state=...}},
     * {@code pinion.node.installs_running}, {@code pinion.node.console_sockets},
     * {@code pinion.node.pulls_running}.
     */
    public static void registerNodeGauges(
            MetricRegistry registry,
            Supplier<Collection<ManagedServer>> servers,
            ToIntFunction<String> consoleSockets,
            ToIntFunction<String> pulls) {
        for (ServerState state : ServerState.values()) {
            registry.gauge(
                    LabelledMetrics.name("pinion.node.servers", "state", state.wireName()),
                    () -> () -> servers.get().stream()
                            .filter(s -> s.server().state() == state)
                            .count());
        }
        registry.gauge(
                "pinion.node.installs_running",
                () -> () -> servers.get().stream()
                        .filter(s -> s.server().installing().get())
                        .count());
        registry.gauge("pinion.node.console_sockets", () -> () -> sum(servers, consoleSockets::applyAsInt));
        registry.gauge("pinion.node.pulls_running", () -> () -> sum(servers, pulls::applyAsInt));
    }

    private static long sum(Supplier<Collection<ManagedServer>> servers, ToLongFunction<String> perServer) {
        return servers.get().stream()
                .mapToLong(s -> perServer.applyAsLong(s.uuid()))
                .sum();
    }
}
