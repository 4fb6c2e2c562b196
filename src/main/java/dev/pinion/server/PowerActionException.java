package dev.pinion.server;

/** A power action that could not run; the message is Wings' (shown in the console WebSocket). */
public final class PowerActionException extends Exception {
    private final boolean locked;

    public PowerActionException(String message, boolean locked) {
        super(message);
        this.locked = locked;
    }

    /** True when another power action held the lock. */
    public boolean locked() {
        return locked;
    }
}
