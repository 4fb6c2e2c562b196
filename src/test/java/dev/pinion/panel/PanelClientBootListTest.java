package dev.pinion.panel;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.RecordedRequest;
import dev.pinion.testing.ServerConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The boot list: GET /servers across pages (spec wings-to-panel-and-config.md A3). */
class PanelClientBootListTest {
    private FakePanel panel;

    @BeforeEach
    void start() {
        panel = FakePanel.start();
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    private List<String> addServers(int count) {
        List<String> uuids = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> uuids.add(panel.addServer(ServerConfigBuilder.server())));
        return uuids;
    }

    // spec A3: page 0 first, then current_page+1 … last_page with the same per_page
    @Test
    void fetchesEveryPageAfterTheFirstWithTheSamePageSize() {
        List<String> uuids = addServers(7);
        PanelClient client = new PanelClients(panel, 3, RetryPolicy.WINGS).client;

        List<RawServerData> servers = client.getServers();

        assertThat(servers).extracting(RawServerData::uuid).containsExactlyInAnyOrderElementsOf(uuids);
        assertThat(panel.requests())
                .extracting(RecordedRequest::rawQuery)
                .containsExactlyInAnyOrder("page=0&per_page=3", "page=2&per_page=3", "page=3&per_page=3");
    }

    @Test
    void itemsComeBackInPageOrder() {
        addServers(5);
        PanelClient client = new PanelClients(panel, 2, RetryPolicy.WINGS).client;
        List<String> expected = client.getServersPage(1, 5).data().stream()
                .map(RawServerData::uuid)
                .toList();
        panel.clearRequests();

        assertThat(client.getServers()).extracting(RawServerData::uuid).containsExactlyElementsOf(expected);
    }

    // spec A3: an exactly full last page needs no extra request
    @Test
    void exactMultipleOfThePageSizeStopsAtTheLastPage() {
        addServers(4);
        PanelClient client = new PanelClients(panel, 2, RetryPolicy.WINGS).client;

        assertThat(client.getServers()).hasSize(4);
        assertThat(panel.requests()).hasSize(2);
    }

    // spec A3: empty node → data [] and last_page 1, a single request
    @Test
    void emptyNodeIsOneRequestAndNoServers() {
        PanelClient client = new PanelClients(panel).client;

        assertThat(client.getServers()).isEmpty();
        assertThat(panel.requests()).hasSize(1);
    }

    // spec A3: only servers on the calling node are listed
    @Test
    void serversOnOtherNodesAreNotListed() {
        String mine = panel.addServer(ServerConfigBuilder.server());
        panel.addServerOnOtherNode(ServerConfigBuilder.server());
        PanelClient client = new PanelClients(panel).client;

        assertThat(client.getServers()).extracting(RawServerData::uuid).containsExactly(mine);
    }

    // spec A3 step 3: each item is parsed on its own so a bad one can be skipped
    @Test
    void eachItemParsesIntoAServerConfiguration() {
        String uuid = panel.addServer(ServerConfigBuilder.server().memory(1024));
        PanelClient client = new PanelClients(panel).client;

        RawServerData raw = client.getServers().get(0);
        ServerConfiguration parsed = client.parser().parse(raw);

        assertThat(parsed.uuid()).isEqualTo(uuid);
        assertThat(parsed.settings().build().memoryLimit()).isEqualTo(1024);
    }

    @Test
    void aMalformedItemFailsOnlyItsOwnParse() {
        panel.addServer(ServerConfigBuilder.server().settingsField("build", TextNode.valueOf("bad")));
        PanelClient client = new PanelClients(panel).client;

        RawServerData raw = client.getServers().get(0);

        assertThatThrownBy(() -> client.parser().parse(raw))
                .isInstanceOf(PanelResponseFormatException.class)
                .hasMessageContaining(raw.uuid());
    }

    // spec A3: any page failing (after its retries) fails the whole list
    @Test
    void aPageAnsweringFourHundredFailsTheWholeList() {
        addServers(5);
        panel.failAlways(r -> r.is("GET", "/api/remote/servers") && "2".equals(r.query("page")), 403);
        PanelClient client = new PanelClients(panel, 2, RetryPolicy.WINGS).client;

        assertThatThrownBy(client::getServers)
                .isInstanceOf(PanelException.class)
                .satisfies(e -> assertThat(((PanelException) e).httpStatus()).isEqualTo(403));
    }

    // spec A1 + A3: each page retries on its own
    @Test
    void aPageFailingOnceIsRetriedAndTheListCompletes() {
        addServers(5);
        panel.failNext(r -> r.is("GET", "/api/remote/servers") && "3".equals(r.query("page")), 1, 502);
        PanelClient client = new PanelClients(panel, 2, RetryPolicy.WINGS).client;

        assertThat(client.getServers()).hasSize(5);
        assertThat(panel.requests(call("GET", "/servers"))).hasSize(4);
    }

    @Test
    void implausibleLastPageIsAFormatErrorNotAMillionRequests() {
        panel.failNext(
                call("GET", "/servers"),
                1,
                200,
                "{\"data\":[],\"meta\":{\"current_page\":1,\"from\":null,\"last_page\":999999999,\"per_page\":50,\"to\":null,\"total\":0}}");
        PanelClient client = new PanelClients(panel).client;

        assertThatThrownBy(client::getServers).isInstanceOf(PanelResponseFormatException.class);
        assertThat(panel.requests()).hasSize(1);
    }
}
