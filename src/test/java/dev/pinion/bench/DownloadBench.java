package dev.pinion.bench;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * GET /download/file of one big file through Pinion beside nginx serving the same inode, both on
 * loopback, each fetched by curl to /dev/null, alternating, several rounds (run by
 * bench/download-vs-nginx.sh). Prints each throughput and the median ratio. Not a test.
 */
public final class DownloadBench {
    private DownloadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String nginxUrl = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            ServerConfigBuilder server = GameServers.server();
            panel.addServer(server);
            try (TestDaemon daemon = new TestDaemon(panel, "").start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> daemon.http().get("/api/servers/" + server.uuid()).statusCode() == 200);
                Path volume = daemon.node().root().resolve("lib/volumes").resolve(server.uuid());
                // A hard link: the very same inode and page cache as nginx serves.
                Files.createLink(volume.resolve("big.bin"), file);
                String pinionUrl = "http://127.0.0.1:" + daemon.http().request("/").build().uri().getPort()
                        + "/download/file?token=" + token(server.uuid());
                List<Double> pinion = new ArrayList<>();
                List<Double> nginx = new ArrayList<>();
                curl(nginxUrl);
                curl(pinionUrl); // warm-up: page cache, JIT
                for (int i = 0; i < rounds; i++) {
                    nginx.add(curl(nginxUrl));
                    pinion.add(curl(pinionUrl));
                }
                double p = median(pinion);
                double n = median(nginx);
                System.out.printf("nginx  MiB/s: %s%n", format(nginx));
                System.out.printf("pinion MiB/s: %s%n", format(pinion));
                System.out.printf("median pinion %.0f MiB/s, nginx %.0f MiB/s, ratio pinion/nginx = %.2f%n", p, n, p / n);
            }
        }
    }

    private static String token(String server) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setIssuedAtToNow();
        claims.setClaim("server_uuid", server);
        claims.setClaim("file_path", "/big.bin");
        claims.setClaim("unique_id", "benchbenchbench1");
        claims.setClaim("scope", "file-download");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(TestNode.TOKEN.getBytes(StandardCharsets.UTF_8)));
        return jws.getCompactSerialization();
    }

    /** MiB/s of one curl download to /dev/null. */
    private static double curl(String url) throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}", url)
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes()).trim();
        curl.waitFor();
        String[] parts = out.split(" ");
        if (!parts[0].equals("200")) {
            throw new IllegalStateException("curl " + url + ": " + out);
        }
        return Double.parseDouble(parts[2]) / (1024 * 1024);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).toList().toString();
    }
}
