package dev.pinion.panel;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the Panel is and how long to wait for it: config {@code remote},
 * {@code remote_query.timeout} and {@code remote_query.boot_servers_per_page}.
 */
public record PanelClientSettings(String remote, Duration requestTimeout, int bootServersPerPage) {
    /** Wings' defaults for {@code remote_query} (spec wings-to-panel-and-config.md A1, A3). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public static final int DEFAULT_BOOT_SERVERS_PER_PAGE = 50;

    public PanelClientSettings {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("remote_query.timeout must be positive");
        }
        if (bootServersPerPage < 1) {
            throw new IllegalArgumentException("remote_query.boot_servers_per_page must be at least 1");
        }
    }

    /** Settings with Wings' default timeout and page size. */
    public static PanelClientSettings withDefaults(String remote) {
        return new PanelClientSettings(remote, DEFAULT_TIMEOUT, DEFAULT_BOOT_SERVERS_PER_PAGE);
    }

    /** The API base: {@code remote} with one trailing slash removed, plus {@code /api/remote}. */
    public String apiBase() {
        String base = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
        return base + "/api/remote";
    }

    /** The URI of one API path (which starts with a slash), with an already-encoded query or none. */
    URI uri(String path, String encodedQuery) {
        String query = encodedQuery == null || encodedQuery.isEmpty() ? "" : "?" + encodedQuery;
        return URI.create(apiBase() + path + query);
    }
}
