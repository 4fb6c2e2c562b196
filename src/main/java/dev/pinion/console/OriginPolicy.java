package dev.pinion.console;

import dev.pinion.config.ConfigStore;
import dev.pinion.config.NodeConfig;

/**
 * Which browser pages may open a console (spec websocket-sftp-activity.md §1.1): exactly the Panel
 * location ({@code remote}) or an {@code allowed_origins} entry, compared as strings; a {@code *}
 * entry lets anything in, even no Origin at all. Read from the live config on every handshake.
 */
final class OriginPolicy {
    private final ConfigStore config;

    OriginPolicy(ConfigStore config) {
        this.config = config;
    }

    boolean allows(String origin) {
        NodeConfig node = config.current();
        if (node.allowedOrigins().contains("*")) {
            return true;
        }
        return origin != null
                && (origin.equals(node.remote()) || node.allowedOrigins().contains(origin));
    }
}
