package dev.pinion.server;

import java.util.Set;

/** Runs a server's install script (its own package); the manager calls it on create and reinstall. */
public interface ServerInstaller {
    /** Runs the install (blocking) and reports the result to the Panel; true when it was reported successful. */
    boolean install(ManagedServer server, boolean reinstall);

    /**
     * At boot, before the Panel's {@code /servers/reset}: finishes off the installs of these servers
     * (this node's) that a daemon restart cut short, so the reset cannot mark them installed
     * (spec server-lifecycle-docker.md §5.8).
     */
    default void recoverInterruptedInstalls(Set<String> serverUuids) {}

    /**
     * The server was deleted: a running install ends now, unreported (the Panel no longer knows
     * the server), and leaves no installer container behind (Wings does, spec §5.6).
     */
    default void serverDeleted(ManagedServer server) {}

    /** The daemon is stopping: abandon running installs without reporting them. */
    default void shutdown() {}
}
