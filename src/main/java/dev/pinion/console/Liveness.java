package dev.pinion.console;

/**
 * Whether the peer of one socket is still there: every inbound frame (a message, or the pong a
 * browser sends for each ping by itself) counts as a sign of life. At each ping tick, a peer that
 * has answered nothing since the previous ping is dead — a browser whose machine vanished leaves no
 * TCP close behind, and a quiet server writes nothing that would fail — so it is dropped within two
 * ping intervals and its slot freed.
 */
final class Liveness {
    private boolean answered = true;

    /** A frame arrived from the peer. */
    synchronized void heard() {
        answered = true;
    }

    /**
     * The ping tick: false when nothing arrived since the previous ping (the peer is dead);
     * otherwise a new ping is due now, and true.
     */
    synchronized boolean tick() {
        if (!answered) {
            return false;
        }
        answered = false;
        return true;
    }
}
