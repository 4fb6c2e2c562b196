package dev.pinion.server;

import dev.pinion.filesystem.ServerFilesystem;

/** A server and the parts that act on it, wired once when the server is loaded. */
public record ManagedServer(
        Server server,
        ServerFilesystem filesystem,
        ServerConsole console,
        ResourceUsage usage,
        ServerProcess process,
        ServerSync sync,
        PowerActions power,
        DiskSpaceGuard diskGuard) {

    public String uuid() {
        return server.uuid();
    }
}
