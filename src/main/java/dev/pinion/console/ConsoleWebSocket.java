package dev.pinion.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.activity.ActivitySink;
import dev.pinion.concurrent.DaemonExecutors;
import dev.pinion.config.ConfigStore;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.TokenRevocations;
import dev.pinion.tokens.TokenVerifier;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.component.LifeCycle;

/** Wires the console WebSocket into the application: the upgrade filter, Jetty's container, the socket registry. */
public final class ConsoleWebSocket {
    /** The console's route on the API port, in the path-template form of Jersey and OpenAPI. */
    public static final String PATH = "/api/servers/{server}/ws";

    private final ConsoleSockets sockets;
    private final ConsoleUpgradeFilter filter;
    private final ConsoleSettings settings;

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
                new ServerFeeds(mapper),
                activity);
        this.filter = new ConsoleUpgradeFilter(servers, context, sockets, new OriginPolicy(config));
        revocations.addListener(sockets);
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
                    filter.useContainer(container);
                });
        environment.lifecycle().manage(sockets);
        // Close consoles with 1012 before Jetty would close them with 1001 while stopping.
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                sockets.closeAll(Duration.ofSeconds(2));
            }
        });
    }
}
