package dev.pinion.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.api.http.RequestIds;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/servers/{server}/ws}: the checks Wings makes before the upgrade, in its order
 * (spec websocket-sftp-activity.md §1.1) — unknown server 404, not an upgrade 400, foreign Origin
 * 403, too many sockets (for the server, or from the client address) 400 — then the upgrade itself. It runs after the request-id, CORS and
 * client-address filters, so the handshake response carries their headers too.
 */
final class ConsoleUpgradeFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleUpgradeFilter.class);
    private static final Pattern PATH = Pattern.compile("^/api/servers/([^/]+)/ws$");
    static final String TOO_MANY = "Too many open websocket connections.";

    private final ServerManager servers;
    private final ConsoleContext context;
    private final ConsoleSockets sockets;
    private final OriginPolicy origins;
    private final ObjectMapper mapper;
    private volatile ServerContainer container;

    ConsoleUpgradeFilter(ServerManager servers, ConsoleContext context, ConsoleSockets sockets, OriginPolicy origins) {
        this.servers = servers;
        this.context = context;
        this.sockets = sockets;
        this.origins = origins;
        this.mapper = context.mapper();
    }

    /** Jetty hands over its WebSocket container once the context starts. */
    void useContainer(ServerContainer serverContainer) {
        this.container = serverContainer;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Matcher path = PATH.matcher(request.getRequestURI());
        if (!path.matches() || !"GET".equals(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        String uuid = path.group(1);
        Optional<ManagedServer> server = servers.get(uuid);
        if (server.isEmpty()) {
            json(request, response, 404, WingsMessages.NOT_FOUND);
            return;
        }
        if (!isUpgrade(request)) {
            plain(response, 400, "Bad Request");
            return;
        }
        if (!origins.allows(request.getHeader("Origin"))) {
            response.setHeader("Sec-WebSocket-Version", "13");
            plain(response, 403, "Forbidden");
            return;
        }
        SocketSlots.Admission admission = sockets.reserve(uuid, request.getRemoteAddr());
        if (admission.verdict() != SocketSlots.Verdict.ADMITTED) {
            // Wings' answer for a full server; the same for an address over its cap (the frontend shows it alike).
            json(request, response, 400, TOO_MANY);
            return;
        }
        upgrade(request, response, server.get(), admission.slot());
    }

    private void upgrade(
            HttpServletRequest request, HttpServletResponse response, ManagedServer server, SocketSlots.Slot slot)
            throws IOException {
        ConsoleEndpoint endpoint = new ConsoleEndpoint(server, context, sockets, slot);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ConsoleEndpoint.class, ConsoleWebSocket.PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }

                    @Override
                    public boolean checkOrigin(String originHeaderValue) {
                        // checked above, against the live config
                        return true;
                    }

                    @Override
                    public List<Extension> getNegotiatedExtensions(
                            List<Extension> installed, List<Extension> requested) {
                        // Wings negotiates no permessage-deflate (spec §1.1), though every browser
                        // offers it: compressing each console line for each socket would cost more
                        // than all of the rest of the fan-out.
                        return List.of();
                    }
                })
                .build();
        response.setHeader("Content-Security-Policy", "default-src 'self'");
        response.setHeader("X-Frame-Options", "DENY");
        try {
            ServerContainer jetty = container;
            if (jetty == null) {
                throw new IllegalStateException("the WebSocket container is not ready");
            }
            jetty.upgradeHttpToWebSocket(request, response, config, Map.of("server", server.uuid()));
        } catch (DeploymentException | RuntimeException e) {
            endpoint.abandon();
            LOG.warn("console upgrade for {} failed: {}", server.uuid(), e.getMessage());
            if (!response.isCommitted()) {
                plain(response, 400, "Bad Request");
            }
        }
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        String connection = request.getHeader("Connection");
        return upgrade != null
                && upgrade.toLowerCase(Locale.ROOT).contains("websocket")
                && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    private void json(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        byte[] body = mapper.writeValueAsBytes(Map.of("error", message, "request_id", RequestIds.of(request)));
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void plain(HttpServletResponse response, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
