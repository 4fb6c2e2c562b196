package dev.pinion.api.auth;

import java.security.Principal;

/** The Panel, authenticated by the node's bearer token. */
public record NodePrincipal(String name) implements Principal {
    public static final NodePrincipal PANEL = new NodePrincipal("panel");

    @Override
    public String getName() {
        return name;
    }
}
