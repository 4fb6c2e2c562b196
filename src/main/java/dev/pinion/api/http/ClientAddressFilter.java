package dev.pinion.api.http;

import dev.pinion.config.ConfigStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replaces the request's remote address with the client address resolved behind trusted proxies,
 * so everything after it (signed-URL binding, activity records, logs) sees the real client.
 */
public final class ClientAddressFilter implements Filter {
    private final ConfigStore config;
    // The parsed ranges, rebuilt only when an update brings a different list.
    private final AtomicReference<Parsed> parsed =
            new AtomicReference<>(new Parsed(List.of(), new TrustedProxies(List.of())));

    public ClientAddressFilter(ConfigStore config) {
        this.config = config;
    }

    private TrustedProxies proxies() {
        List<String> entries = config.current().api().trustedProxies();
        Parsed last = parsed.get();
        if (last.entries().equals(entries)) {
            return last.proxies();
        }
        TrustedProxies fresh = new TrustedProxies(entries);
        parsed.set(new Parsed(entries, fresh));
        return fresh;
    }

    private record Parsed(List<String> entries, TrustedProxies proxies) {}

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        TrustedProxies proxies = proxies();
        String client = proxies.clientAddress(
                request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), request.getHeader("X-Real-IP"));
        if (client.equals(request.getRemoteAddr())) {
            chain.doFilter(req, res);
            return;
        }
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getRemoteAddr() {
                        return client;
                    }

                    @Override
                    public String getRemoteHost() {
                        return client;
                    }
                },
                res);
    }
}
