package dev.pinion.server;

import java.util.Locale;
import java.util.Optional;

/** The power actions the Panel sends. */
public enum PowerAction {
    START,
    STOP,
    RESTART,
    KILL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PowerAction> fromWire(String name) {
        for (PowerAction action : values()) {
            if (action.wireName().equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
