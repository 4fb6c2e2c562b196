package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.GameServers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;

/**
 * The Panel deleting a server ({@code DELETE /api/servers/{uuid}}) closes that server's open SFTP
 * sessions at once, an upload in progress included, and a new login to it fails even though the Panel
 * (or the node's login cache) still says yes (issue #13 item 3; spec websocket-sftp-activity.md §2.8
 * "Server deleted while connected", §1.12).
 */
class SftpServerDeletionTest {
    @Test
    void deletingTheServerClosesItsSessionsAndRefusesNewLogins() throws Exception {
        // A long login cache: the cached Panel "yes" must not open a session to a deleted server.
        try (SftpNode node = SftpNode.start(
                "",
                "",
                "pinion:\n  admin:\n    port: 0\n  sftp:\n    auth_cache_seconds: 600\n",
                GameServers.server())) {
            ClientSession live = node.session(SftpNode.OWNER, SftpNode.PASSWORD);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(live);
            OutputStream upload = sftp.write("/half.bin");
            upload.write("first half".getBytes(StandardCharsets.UTF_8));
            upload.flush();
            assertThat(sftp.stat("/").isDirectory()).isTrue();
            assertThat(node.daemon.managed(SftpServer.class).sessions().size()).isEqualTo(1);
            Path root = node.root();

            var response = node.daemon
                    .http()
                    .send(node.daemon
                            .http()
                            .authorized("/api/servers/" + node.server)
                            .DELETE());

            assertThat(response.statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(5)).until(live::isClosed);
            assertThat(node.daemon.managed(SftpServer.class).sessions().size()).isZero();
            assertThatThrownBy(() -> sftp.stat("/")).isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(root));
            live.close(true);

            // The Panel still answers yes for this user and server; the node no longer serves it.
            assertThatThrownBy(() -> node.session(SftpNode.OWNER, SftpNode.PASSWORD))
                    .isInstanceOf(IOException.class);
            SftpNode.Batch openssh = node.openssh(SftpNode.OWNER, SftpNode.PASSWORD, null, "ls /");
            assertThat(openssh.exitCode()).as(openssh.output()).isNotZero();
            assertThat(node.daemon.managed(SftpServer.class).sessions().size()).isZero();
        }
    }
}
