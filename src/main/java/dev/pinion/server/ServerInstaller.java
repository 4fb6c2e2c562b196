package dev.pinion.server;

/** Runs a server's install script (its own package); the manager calls it on create and reinstall. */
public interface ServerInstaller {
    /** Runs the install (blocking) and reports the result to the Panel. */
    void install(ManagedServer server, boolean reinstall);
}
