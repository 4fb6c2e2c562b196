package dev.pinion.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.PrometheusText;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/pinion-dashboard.json only queries metrics a running daemon exports: every
 * metric name in every panel query and template variable is in a real /prometheus scrape.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("deploy/grafana/pinion-dashboard.json");
    // Pinion's own families and the JVM metrics Dropwizard registers.
    private static final Pattern METRIC = Pattern.compile("\\b((?:pinion|jvm)_[a-z0-9_]+)\\b");

    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("definition").asText());
            }
        }
        return queries;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExportedByARunningDaemon() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = queries(dashboard);
        assertThat(queries).hasSizeGreaterThan(15);
        Set<String> named = new TreeSet<>();
        for (String query : queries) {
            Matcher matcher = METRIC.matcher(query);
            boolean any = false;
            while (matcher.find()) {
                named.add(matcher.group(1));
                any = true;
            }
            assertThat(any)
                    .as("a query naming none of Pinion's metrics: " + query)
                    .isTrue();
        }

        String uuid;
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            uuid = panel.addServer(GameServers.server());
            try (TestDaemon daemon = new TestDaemon(panel, "").start()) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> daemon.servers().get(uuid).isPresent());
                // The API request timers exist once their group has served a request.
                daemon.http().get("/api/system");
                daemon.http().get("/api/servers");
                Http admin = new Http(daemon.adminPort());
                PrometheusText scrape = PrometheusText.parse(
                        admin.send(admin.request("/prometheus").GET()).body());
                assertThat(named)
                        .allSatisfy(name -> assertThat(scrape.has(name))
                                .as(name + " is exported")
                                .isTrue());
            }
        } finally {
            DockerCli.removeContainers(List.of());
        }
    }
}
