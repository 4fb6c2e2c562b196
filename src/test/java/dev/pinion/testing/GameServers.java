package dev.pinion.testing;

import java.util.UUID;

/**
 * Game servers for tests, run by the local busybox image like an egg's server: one shell that
 * prints a "done" line, echoes what it reads, saves on SIGINT, and exits on "stop" or "crash".
 */
public final class GameServers {
    /** Built by scripts/test.sh; the leading '~' means local only, never pulled (spec §2.4). */
    public static final String IMAGE = "~pinion-test/game:latest";

    public static final String DONE = "Server marked as ready";
    public static final String INVOCATION = "sh -c 'echo booting; trap \"echo saving world; exit 0\" INT; "
            + "echo \"" + DONE + " on port {{SERVER_PORT}}\"; "
            + "while read line; do case \"$line\" in stop) echo bye; exit 0;; crash) echo dying; exit 3;; "
            + "*) echo \"got: $line\";; esac; done'";

    private GameServers() {}

    /** A server as the Panel would send it, running the script above on a free-looking high port. */
    public static ServerConfigBuilder server() {
        int port = 20000 + (int) (Math.random() * 20000);
        return ServerConfigBuilder.server(UUID.randomUUID().toString())
                .image(IMAGE)
                .invocation(INVOCATION)
                .memory(128)
                .swap(0)
                .cpuLimit(50)
                .disk(0)
                .allocation("127.0.0.1", port)
                .done(DONE)
                .stop("command", "stop");
    }
}
