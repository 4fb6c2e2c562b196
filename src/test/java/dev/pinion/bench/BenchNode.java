package dev.pinion.bench;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The surroundings of a daemon a benchmark runs as its own process, as an operator runs it: a fake Panel
 * (a real HTTP server) with {@code servers} servers and a node config.yml pointing at it on fixed loopback
 * ports. Writes {@code node.env} (shell variables: CONFIG, NODE_ROOT, API_PORT, ADMIN_PORT, TOKEN, SERVER,
 * SERVERS) and {@code download-tokens} (Panel-signed /download/file tokens for {@code /big.bin} of the
 * first server, one a line) into {@code out-dir}, then serves the Panel until killed. Used by bench/*.sh.
 * Not a test.
 *
 * <p>Usage: {@code BenchNode <out-dir> <servers> [extra-yaml-file]}
 */
public final class BenchNode {
    private BenchNode() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String extraYaml = args.length > 2 ? Files.readString(Path.of(args[2])) : "";
        FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServerConfigBuilder server = GameServers.server();
            uuids.add(panel.addServer(server));
        }
        int apiPort = freePort();
        int adminPort = freePort();
        TestNode node = TestNode.create("remote: " + panel.url() + "\nremote_query:\n  boot_servers_per_page: 50\n"
                + "api:\n  host: 127.0.0.1\n  port: " + apiPort + "\n"
                + "pinion:\n  admin:\n    port: " + adminPort + "\n" + extraYaml);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tokens.add(PanelTokens.fileDownload(uuids.getFirst(), "/big.bin").sign());
        }
        Files.write(out.resolve("download-tokens"), tokens);
        String env = """
                CONFIG=%s
                NODE_ROOT=%s
                API_PORT=%d
                ADMIN_PORT=%d
                TOKEN=%s
                SERVER=%s
                SERVERS=%d
                """.formatted(
                        node.configPath(), node.root(), apiPort, adminPort, TestNode.TOKEN, uuids.getFirst(), count);
        Path temporary = out.resolve("node.env.tmp");
        Files.writeString(temporary, env);
        Files.move(temporary, out.resolve("node.env"));
        // Serve the Panel until the script kills this process.
        Thread.currentThread().join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
