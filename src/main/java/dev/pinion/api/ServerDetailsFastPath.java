package dev.pinion.api;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.api.auth.NodeTokenAuthenticator;
import dev.pinion.config.ConfigStore;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import dev.pinion.server.ServerState;
import dev.pinion.server.Utilization;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers the call the Panel makes most — {@code GET /api/servers/:server} with the node token, once
 * per server whenever a user lists or opens servers — without Jersey's routing, auth filter and
 * resource lookup, which cost most of that request (issue #15). Only the happy path is served here,
 * with the very body and headers {@link ServersResource#get} gives; anything else (another method or
 * path, a query string, a missing, malformed or wrong token, an unknown server) goes on to Jersey
 * unchanged and is answered there exactly as before. It runs after the edge filters (request id,
 * CORS, client address), so those apply to it as to every request, and it counts in the same
 * {@code pinion.api.servers} metrics.
 */
public final class ServerDetailsFastPath implements Filter {
    private static final String PREFIX = "/api/servers/";
    private static final String BEARER = "Bearer ";
    private static final byte[] CONFIGURATION_KEY = ",\"configuration\":".getBytes(StandardCharsets.UTF_8);

    private final ServerManager servers;
    private final ConfigStore config;
    private final ShownConfigurations configurations;
    private final NodeTokenAuthenticator authenticator;
    private final ObjectMapper mapper;
    private final Timer requests;
    private final Meter ok;

    public ServerDetailsFastPath(
            ServerManager servers,
            ConfigStore config,
            ShownConfigurations configurations,
            NodeTokenAuthenticator authenticator,
            ObjectMapper mapper,
            MetricRegistry metrics) {
        this.servers = servers;
        this.config = config;
        this.configurations = configurations;
        this.authenticator = authenticator;
        this.mapper = mapper;
        // The names EndpointMetricsFeature gives the "servers" group.
        this.requests = metrics.timer("pinion.api.servers.requests");
        this.ok = metrics.meter("pinion.api.servers.responses.2xx");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out) {
            Optional<ManagedServer> server = served(http);
            if (server.isPresent()) {
                try (Timer.Context timing = requests.time()) {
                    out.setStatus(200);
                    out.setContentType(ApiMedia.JSON);
                    write(server.get(), out);
                }
                ok.mark();
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * Writes what {@link ServerDetails} serialises to, with the configuration spliced in as cached
     * bytes: only the small head is written per request. One array, one write: the response then goes
     * out with its headers in one flush, without three passes through the servlet output's state
     * machine.
     */
    private void write(ManagedServer server, HttpServletResponse out) throws IOException {
        boolean crashDetection = config.current().system().crashDetection().enabled();
        ServerState state = server.server().state();
        boolean suspended = server.server().isSuspended();
        Utilization usage = server.usage().current();
        byte[] head = ServerDetailsHead.json(state, suspended, usage);
        if (head == null) {
            head = mapper.writeValueAsBytes(new Head(state, suspended, usage));
        }
        byte[] configuration = configurations.json(server, crashDetection, mapper);
        // head is {"state":…,"is_suspended":…,"utilization":{…}}: reopen it before its closing brace.
        byte[] body = new byte[head.length - 1 + CONFIGURATION_KEY.length + configuration.length + 1];
        System.arraycopy(head, 0, body, 0, head.length - 1);
        System.arraycopy(CONFIGURATION_KEY, 0, body, head.length - 1, CONFIGURATION_KEY.length);
        System.arraycopy(configuration, 0, body, head.length - 1 + CONFIGURATION_KEY.length, configuration.length);
        body[body.length - 1] = '}';
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }

    /** The fields of {@link ServerDetails} before its configuration, in its order. */
    private record Head(
            @JsonProperty("state") ServerState state,
            @JsonProperty("is_suspended") boolean suspended,
            @JsonProperty("utilization") Utilization utilization) {}

    /** The server this request asks for, when it is exactly the happy path; empty otherwise. */
    private Optional<ManagedServer> served(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || !"GET".equals(request.getMethod())
                || request.getQueryString() != null) {
            return Optional.empty();
        }
        String path = request.getRequestURI();
        if (!path.startsWith(PREFIX) || path.indexOf('/', PREFIX.length()) >= 0 || path.length() == PREFIX.length()) {
            return Optional.empty();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null
                || !authorization.startsWith(BEARER)
                || !authenticator.matches(authorization.substring(BEARER.length()))) {
            return Optional.empty();
        }
        return servers.get(path.substring(PREFIX.length()));
    }
}
