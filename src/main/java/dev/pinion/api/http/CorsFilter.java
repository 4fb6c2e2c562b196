package dev.pinion.api.http;

import dev.pinion.config.ConfigStore;
import dev.pinion.config.NodeConfig;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * Wings' CORS headers on every response, before authentication, and a 204 for every preflight
 * {@code OPTIONS} on any path. Unlike Wings, the allowed origins are read from the live config, so
 * an update from the Panel needs no restart.
 */
public final class CorsFilter implements Filter {
    static final String ALLOW_METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS";
    static final String ALLOW_HEADERS = "Accept, Accept-Encoding, Authorization, Cache-Control, Content-Type, "
            + "Content-Length, Origin, X-Real-IP, X-CSRF-Token";

    private final ConfigStore config;

    public CorsFilter(ConfigStore config) {
        this.config = config;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        headers(config.current(), request.getHeader("Origin"), response::setHeader, response::addHeader);
        if ("OPTIONS".equals(request.getMethod())) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(req, res);
    }

    /**
     * The CORS headers every answer carries, given to {@code set} (and {@code add} for the one that may
     * have several values); shared with the API fast path, which answers before this filter runs.
     */
    public static void headers(
            NodeConfig node, String origin, BiConsumer<String, String> set, BiConsumer<String, String> add) {
        set.accept("Access-Control-Allow-Origin", allowedOrigin(node, origin));
        set.accept("Access-Control-Allow-Credentials", "true");
        set.accept("Access-Control-Allow-Methods", ALLOW_METHODS);
        set.accept("Access-Control-Allow-Headers", ALLOW_HEADERS);
        set.accept("Access-Control-Max-Age", "7200");
        add.accept("Vary", "Origin");
        if (node.allowCorsPrivateNetwork()) {
            // Wings sends the request header's name (a bug that keeps the feature from working);
            // the Allow- header is what Chromium's Private Network Access actually checks.
            set.accept("Access-Control-Request-Private-Network", "true");
            set.accept("Access-Control-Allow-Private-Network", "true");
        }
    }

    /** The Panel location, unless the Origin is listed in allowed_origins (or a '*' entry is). */
    static String allowedOrigin(NodeConfig node, String origin) {
        if (origin != null && !origin.equals(node.remote())) {
            for (String allowed : node.allowedOrigins()) {
                if (allowed.equals("*") || allowed.equals(origin)) {
                    return allowed;
                }
            }
        }
        return node.remote();
    }
}
