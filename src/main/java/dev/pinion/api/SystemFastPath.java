package dev.pinion.api;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.api.auth.NodeTokenAuthenticator;
import dev.pinion.config.ConfigStore;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the Panel's node heartbeat — {@code GET /api/system} with the node token, the plain shape
 * (spec panel-to-wings-api.md §3.1), asked for every node whenever an administrator lists nodes — as a
 * Jetty handler in front of the servlet context, as {@link ServerDetailsFastPath} does for server
 * details (issue #15). The body never changes while the daemon runs (the version, and host facts read
 * once), so it is serialised once by the mapper Jersey uses and sent as is: the same bytes and headers
 * Jersey's answer has. A query string ({@code ?v=2} included), another method or connector, a token that
 * is not exactly right, or host facts that cannot be read go on to Jersey unchanged.
 */
public final class SystemFastPath extends Handler.Wrapper {
    private static final String PATH = "/api/system";

    private final String connector;
    private final ConfigStore config;
    private final NodeTokenAuthenticator authenticator;
    private final Supplier<SystemInformation.V1> information;
    private final ObjectMapper mapper;
    private final Timer requests;
    private final Meter ok;
    private volatile byte[] body;

    /**
     * @param information the plain shape, as {@link SystemResource#v1()} gives it (it throws when the
     *                    host cannot be read; Jersey then answers with the error)
     */
    public SystemFastPath(
            String connector,
            ConfigStore config,
            NodeTokenAuthenticator authenticator,
            Supplier<SystemInformation.V1> information,
            ObjectMapper mapper,
            MetricRegistry metrics) {
        this.connector = connector;
        this.config = config;
        this.authenticator = authenticator;
        this.information = information;
        this.mapper = mapper;
        // The names EndpointMetricsFeature gives the "system" group.
        this.requests = metrics.timer("pinion.api.system.requests");
        this.ok = metrics.meter("pinion.api.system.responses.2xx");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(FastPaths.nodeGet(request, connector, authenticator))) {
            return super.handle(request, response, callback);
        }
        byte[] answer = body();
        if (answer == null) {
            return super.handle(request, response, callback);
        }
        FastPaths.answer(request, response, callback, config.current(), answer, requests.time(), ok);
        return true;
    }

    private byte[] body() {
        byte[] known = body;
        if (known != null) {
            return known;
        }
        try {
            known = mapper.writeValueAsBytes(information.get());
        } catch (JsonProcessingException | RuntimeException e) {
            // Not cached: Jersey answers this request, with its error, and the next one tries again.
            return null;
        }
        body = known;
        return known;
    }
}
