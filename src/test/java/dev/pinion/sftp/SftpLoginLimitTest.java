package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import org.junit.jupiter.api.Test;

/** The failed-login limiter in the running daemon (panel#5115); its timing is pinned by FailedLoginLimiterTest. */
class SftpLoginLimitTest {
    @Test
    void anAddressWithTooManyFailedLoginsIsRefusedEvenWithTheRightPassword() throws Exception {
        try (SftpNode node = SftpNode.start(
                "", "pinion:\n  admin:\n    port: 0\n  sftp:\n    failed_login_limit: 2\n", GameServers.server())) {
            assertThatThrownBy(() -> node.session(SftpNode.OWNER, "wrong1")).isInstanceOf(Exception.class);
            assertThatThrownBy(() -> node.session(SftpNode.OWNER, "wrong2")).isInstanceOf(Exception.class);
            int panelCalls =
                    node.panel.requests(FakePanel.call("POST", "/sftp/auth")).size();

            long started = System.nanoTime();
            assertThatThrownBy(() -> node.session(SftpNode.OWNER, SftpNode.PASSWORD))
                    .isInstanceOf(Exception.class);

            // refused at once, without asking the Panel
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
            assertThat(node.panel.requests(FakePanel.call("POST", "/sftp/auth")))
                    .hasSize(panelCalls);
        }
    }
}
