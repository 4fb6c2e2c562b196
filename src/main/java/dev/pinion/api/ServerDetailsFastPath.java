package dev.pinion.api;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.api.auth.NodeTokenAuthenticator;
import dev.pinion.config.ConfigStore;
import dev.pinion.config.NodeConfig;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import dev.pinion.server.ServerState;
import dev.pinion.server.Utilization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the call the Panel makes most — {@code GET /api/servers/:server} with the node token, once
 * per server whenever a user lists or opens servers — as a Jetty handler in front of the servlet
 * context, without the servlet machinery, filter chain, Jersey routing, auth filter and resource
 * lookup that cost most of that request (issue #15). Only the happy path on the API connector is
 * served here, with the very body and headers {@link ServersResource#get} gives (request id, CORS,
 * content type; the request log and the {@code pinion.api.servers} metrics count it as before);
 * anything else (another connector, method or path, a query string, a missing, malformed or wrong
 * token, an unknown server) goes on to the servlet context unchanged and is answered there exactly as
 * before. Like Wings, it never gzips the answer.
 */
public final class ServerDetailsFastPath extends Handler.Wrapper {
    private static final String PREFIX = "/api/servers/";
    private static final byte[] CONFIGURATION_KEY = ",\"configuration\":".getBytes(StandardCharsets.UTF_8);

    private final String connector;
    private final ServerManager servers;
    private final ConfigStore config;
    private final ShownConfigurations configurations;
    private final NodeTokenAuthenticator authenticator;
    private final ObjectMapper mapper;
    private final Timer requests;
    private final Meter ok;

    /** {@code connector}: the name of the API connector(s) this answers on (the admin port is left alone). */
    public ServerDetailsFastPath(
            String connector,
            ServerManager servers,
            ConfigStore config,
            ShownConfigurations configurations,
            NodeTokenAuthenticator authenticator,
            ObjectMapper mapper,
            MetricRegistry metrics) {
        this.connector = connector;
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
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Optional<ManagedServer> server = served(request);
        if (server.isEmpty()) {
            return super.handle(request, response, callback);
        }
        Timer.Context timing = requests.time();
        NodeConfig node = config.current();
        byte[] body = body(server.get(), node.system().crashDetection().enabled());
        FastPaths.answer(request, response, callback, node, body, timing, ok);
        return true;
    }

    /**
     * What {@link ServerDetails} serialises to, with the configuration spliced in as cached bytes: only
     * the small head is written per request, into the one array the answer is sent from.
     */
    private byte[] body(ManagedServer server, boolean crashDetection) throws IOException {
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
        return body;
    }

    /** The fields of {@link ServerDetails} before its configuration, in its order. */
    private record Head(
            @JsonProperty("state") ServerState state,
            @JsonProperty("is_suspended") boolean suspended,
            @JsonProperty("utilization") Utilization utilization) {}

    /** The server this request asks for, when it is exactly the happy path; empty otherwise. */
    private Optional<ManagedServer> served(Request request) {
        String path = FastPaths.nodeGet(request, connector, authenticator);
        if (path == null
                || !path.startsWith(PREFIX)
                || path.indexOf('/', PREFIX.length()) >= 0
                || path.length() == PREFIX.length()) {
            return Optional.empty();
        }
        return servers.get(path.substring(PREFIX.length()));
    }
}
