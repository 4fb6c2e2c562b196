package dev.pinion.server;

import com.fasterxml.jackson.annotation.JsonValue;

/** The four states a server's process can be in, as Wings names them on the wire. */
public enum ServerState {
    OFFLINE("offline"),
    STARTING("starting"),
    RUNNING("running"),
    STOPPING("stopping");

    private final String wireName;

    ServerState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Starting or running: the process is meant to be up. */
    public boolean isOnline() {
        return this == STARTING || this == RUNNING;
    }

    public static ServerState fromWire(String name) {
        for (ServerState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("not a server state: " + name);
    }
}
