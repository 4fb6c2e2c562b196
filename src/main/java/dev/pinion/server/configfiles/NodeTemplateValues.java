package dev.pinion.server.configfiles;

import java.util.Objects;

/**
 * The only node configuration an egg may read: the docker interface address
 * ({@code docker.network.interface} in config.yml). Holding nothing else makes it impossible for a
 * template to reach the node token or any other setting (CVE-2026-52855).
 *
 * @param dockerInterface the address eggs see as {@code {{config.docker.interface}}}
 */
public record NodeTemplateValues(String dockerInterface) {
    public NodeTemplateValues {
        Objects.requireNonNull(dockerInterface, "dockerInterface");
    }
}
