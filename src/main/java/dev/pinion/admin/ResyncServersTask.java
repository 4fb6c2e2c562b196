package dev.pinion.admin;

import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/resync-servers}: fetches every server's configuration from the Panel again
 * and applies it (limits in place, disk limit, denylist), as the Panel's per-server sync does.
 * Prints one line per server and a summary; a failed server does not stop the others.
 */
public final class ResyncServersTask extends Task {
    public static final String NAME = "resync-servers";

    private final ServerManager servers;

    public ResyncServersTask(ServerManager servers) {
        super(NAME);
        this.servers = servers;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        int synced = 0;
        int failed = 0;
        for (ManagedServer server : servers.all()) {
            try {
                server.sync().sync();
                synced++;
                output.println(server.uuid() + ": synced");
            } catch (RuntimeException e) {
                failed++;
                output.println(server.uuid() + ": failed: " + e.getMessage());
            }
            output.flush();
        }
        output.println(synced + " synced, " + failed + " failed");
    }
}
