package dev.pinion.config;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The live node configuration. Readers look it up on every use (the bearer token, CORS origins,
 * JWT keys), so an update from the Panel takes effect on the next request.
 */
public final class ConfigStore {
    private final AtomicReference<NodeConfig> current;

    public ConfigStore(NodeConfig initial) {
        this.current = new AtomicReference<>(initial);
    }

    public NodeConfig current() {
        return current.get();
    }

    void replace(NodeConfig next) {
        current.set(next);
    }
}
