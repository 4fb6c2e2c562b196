package dev.pinion.console;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.activity.ActivitySink;
import dev.pinion.concurrent.DaemonExecutors;
import dev.pinion.config.ConfigStore;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.TokenRevocations;
import dev.pinion.tokens.TokenVerifier;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.websocket.WebSocketContainer;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketContainer;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.websocket.core.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the console WebSocket into the application: the upgrade filter, Jetty's container, the socket registry. */
public final class ConsoleWebSocket {
    /** The console's route on the API port, in the path-template form of Jersey and OpenAPI. */
    public static final String PATH = "/api/servers/{server}/ws";

    /**
     * Console messages dropped on their way to browsers because a socket read too slowly (each
     * socket's own loss; lines dropped before the sockets are Wings' throttle and its notice).
     */
    public static final String DROPPED_METRIC = "pinion.node.console_messages_dropped";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWebSocket.class);
    static final int OUTPUT_BUFFER_BYTES = 64 * 1024;

    private final ConsoleSockets sockets;
    private final ConsoleUpgradeFilter filter;
    private final ConsoleSettings settings;
    // Console messages lost because a socket read too slowly.
    private final Counter droppedBySockets = new Counter();

    public ConsoleWebSocket(
            ServerManager servers,
            TokenVerifier verifier,
            TokenRevocations revocations,
            ConfigStore config,
            ObjectMapper mapper,
            ConsoleSettings settings,
            DaemonExecutors executors) {
        this(servers, verifier, revocations, config, mapper, settings, executors, ActivitySink.NONE);
    }

    /** @param activity told {@code server:console.command} and {@code server:power.*} (spec websocket-sftp-activity.md §3.1) */
    public ConsoleWebSocket(
            ServerManager servers,
            TokenVerifier verifier,
            TokenRevocations revocations,
            ConfigStore config,
            ObjectMapper mapper,
            ConsoleSettings settings,
            DaemonExecutors executors,
            ActivitySink activity) {
        this.settings = settings;
        this.sockets = new ConsoleSockets(servers, settings, executors.timers());
        ConsoleContext context = new ConsoleContext(
                verifier,
                revocations,
                mapper,
                settings,
                executors.timers(),
                executors.work(),
                Clock.systemUTC(),
                config,
                new ServerFeeds(mapper, settings.feedBudgetBytes()),
                activity,
                droppedBySockets);
        this.filter = new ConsoleUpgradeFilter(servers, context, sockets, new OriginPolicy(config));
        revocations.addListener(sockets);
    }

    /**
     * Jetty batches a socket's frames into one write of its output buffer, 4 KiB by default: about 50
     * console lines, so a flooding console costs one loopback write per 50 lines per socket. 64 KiB
     * cuts those writes 16-fold (bench/README-console-fanout.md). The Jakarta container has no setter
     * for it, only its protected default customizer; if a Jetty release renames that, the default
     * stays and the console works as before (ConsoleOutputBufferTest fails on such an upgrade).
     */
    static void widenOutputBuffer(WebSocketContainer container) {
        try {
            Field customizer = JakartaWebSocketContainer.class.getDeclaredField("defaultCustomizer");
            customizer.setAccessible(true);
            ((Configuration.ConfigurationCustomizer) customizer.get(container))
                    .setOutputBufferSize(OUTPUT_BUFFER_BYTES);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("console sockets keep Jetty's default output buffer: {}", e.toString());
        }
    }

    public ConsoleSockets sockets() {
        return sockets;
    }

    /** Registers everything; the filter goes after the filters already added (request id, CORS, client address). */
    public void register(Environment environment) {
        environment
                .servlets()
                .addFilter("console-websocket", filter)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/servers/*");
        JakartaWebSocketServletContainerInitializer.configure(
                environment.getApplicationContext(), (context, container) -> {
                    container.setDefaultMaxSessionIdleTimeout(0);
                    container.setDefaultMaxTextMessageBufferSize(settings.maxMessageBytes());
                    container.setDefaultMaxBinaryMessageBufferSize(settings.maxMessageBytes());
                    widenOutputBuffer(container);
                    filter.useContainer(container);
                });
        environment.lifecycle().manage(sockets);
        environment.metrics().register(DROPPED_METRIC, droppedBySockets);
        // Close consoles with 1012 before Jetty would close them with 1001 while stopping.
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                sockets.closeAll(Duration.ofSeconds(2));
            }
        });
    }
}
