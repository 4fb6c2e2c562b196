package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.GameServers;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server suspended by the Panel (its status changed, then {@code POST /api/servers/{uuid}/sync}, as the
 * Panel's SuspensionService does) loses its open SFTP sessions and takes no new logins; lifting the
 * suspension lets users back in (issue #13 item 3; spec websocket-sftp-activity.md §2.5, §1.12).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpSuspensionTest {
    private SftpNode node;

    @BeforeAll
    void start() throws Exception {
        // A long login cache: a cached Panel "yes" must not let anyone into a suspended server.
        node = SftpNode.start(
                "", "pinion:\n  admin:\n    port: 0\n  sftp:\n    auth_cache_seconds: 600\n", GameServers.server());
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @BeforeEach
    void unsuspended() {
        node.panel.setServerStatus(node.server, null);
        sync();
        assertThat(suspendedOnTheNode()).isFalse();
    }

    @Test
    void suspendingTheServerClosesItsOpenSessionsAndRefusesNewLogins() throws Exception {
        ClientSession live = node.session(SftpNode.OWNER, SftpNode.PASSWORD);
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(live)) {
            assertThat(sftp.stat("/").isDirectory()).isTrue();
            SftpNode.Batch before = node.openssh(SftpNode.OWNER, SftpNode.PASSWORD, null, "ls /");
            assertThat(before.exitCode()).as(before.output()).isZero();

            node.panel.setServerStatus(node.server, "suspended");
            sync();

            assertThat(suspendedOnTheNode()).isTrue();
            await().atMost(Duration.ofSeconds(15)).until(live::isClosed);
            assertThat(node.daemon.managed(SftpServer.class).sessions().size()).isZero();
        } catch (IOException closedUnderUs) {
            // closing the SftpClient of a session the server closed may fail; the assertions above ran
        } finally {
            live.close(true);
        }

        assertThatThrownBy(() -> node.session(SftpNode.OWNER, SftpNode.PASSWORD))
                .isInstanceOf(IOException.class);
        SftpNode.Batch after = node.openssh(SftpNode.OWNER, SftpNode.PASSWORD, null, "ls /");
        assertThat(after.exitCode()).as(after.output()).isNotZero();
    }

    @Test
    void theNodeRefusesALoginToAServerItHoldsSuspendedEvenWhenThePanelSaysYes() throws Exception {
        // A Panel whose answer lags the suspension (or a cached answer) still opens nothing.
        node.session(SftpNode.OWNER, SftpNode.PASSWORD).close(true);
        node.panel.setServerStatus(node.server, "suspended");
        sync();
        node.panel.setServerStatus(node.server, null);

        assertThatThrownBy(() -> node.session(SftpNode.OWNER, SftpNode.PASSWORD))
                .isInstanceOf(IOException.class);
        assertThat(node.daemon.managed(SftpServer.class).sessions().size()).isZero();

        sync();
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            assertThat(sftp.stat("/").getPermissions() & SftpConstants.S_IFMT).isEqualTo(SftpConstants.S_IFDIR);
        }
    }

    private void sync() {
        var response = node.daemon
                .http()
                .send(node.daemon
                        .http()
                        .authorized("/api/servers/" + node.server + "/sync")
                        .POST(BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(204);
    }

    private boolean suspendedOnTheNode() {
        return node.daemon.details(node.server).path("is_suspended").asBoolean();
    }
}
