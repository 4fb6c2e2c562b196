package dev.pinion.panel;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.ServerConfigBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SFTP logins checked against the Panel (spec wings-to-panel-and-config.md A10). */
class PanelSftpAuthTest {
    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";

    private FakePanel panel;
    private PanelClient client;
    private String uuid;
    private String shortId;

    @BeforeEach
    void start() {
        panel = FakePanel.start();
        client = new PanelClients(panel).client;
        uuid = panel.addServer(ServerConfigBuilder.server());
        shortId = uuid.substring(0, 8);
        panel.addUser("alice", "hunter2");
        panel.setOwner(uuid, "alice");
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    private SftpAuthResponse login(String username, String password) {
        return client.validateSftpCredentials(
                SftpAuthRequest.password(username, password, "203.0.113.7:5000", new byte[] {1}, new byte[] {2}));
    }

    @Test
    void wrongPasswordIsInvalidCredentialsCarryingThePanels403() {
        assertThatThrownBy(() -> login("alice." + shortId, "nope"))
                .isInstanceOfSatisfying(SftpInvalidCredentialsException.class, e -> {
                    assertThat(e.panelError().httpStatus()).isEqualTo(403);
                    assertThat(e.panelError().detail())
                            .isEqualTo("Authorization credentials were not correct, please try again.");
                });
        assertThat(panel.requests()).hasSize(1);
    }

    @Test
    void subuserWithoutSftpPermissionIsInvalidCredentials() {
        panel.addUser("bob", "pw");
        panel.addSubuser(uuid, "bob", "file.read");

        assertThatThrownBy(() -> login("bob." + shortId, "pw"))
                .isInstanceOfSatisfying(
                        SftpInvalidCredentialsException.class,
                        e -> assertThat(e.panelError().detail())
                                .isEqualTo("You do not have permission to access SFTP for this server."));
    }

    @Test
    void subuserWithSftpPermissionGetsTheirPermissions() {
        panel.addUser("bob", "pw");
        panel.addSubuser(uuid, "bob", "file.sftp", "file.read");

        assertThat(login("bob." + shortId, "pw").permissions()).containsExactly("file.sftp", "file.read");
    }

    @Test
    void rootAdminGetsTheAdminWebsocketPermissions() {
        panel.addUser("root", "pw");
        panel.setRootAdmin("root", true);

        assertThat(login("root." + uuid, "pw").permissions())
                .containsExactly("*", "admin.websocket.errors", "admin.websocket.install", "admin.websocket.transfer");
    }

    // Panel validation: a missing password is a 422, which Wings also treats as invalid credentials
    @Test
    void validationFailureIsInvalidCredentials() {
        assertThatThrownBy(() -> login("alice." + shortId, ""))
                .isInstanceOfSatisfying(SftpInvalidCredentialsException.class, e -> {
                    assertThat(e.panelError().httpStatus()).isEqualTo(422);
                    assertThat(e.panelError().code()).isEqualTo("ValidationException");
                });
    }

    @Test
    void suspendedServerIsInvalidCredentials() {
        panel.setServerStatus(uuid, "suspended");

        assertThatThrownBy(() -> login("alice." + shortId, "hunter2"))
                .isInstanceOfSatisfying(
                        SftpInvalidCredentialsException.class,
                        e -> assertThat(e.panelError().httpStatus()).isEqualTo(409));
    }

    // Panel throttle: 5 failures a minute per server part and node address, then 429
    @Test
    void sixthAttemptAfterFiveFailuresIsThrottled() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> login("alice." + shortId, "nope"))
                    .isInstanceOf(SftpInvalidCredentialsException.class);
        }

        assertThatThrownBy(() -> login("alice." + shortId, "hunter2"))
                .isInstanceOfSatisfying(SftpInvalidCredentialsException.class, e -> {
                    assertThat(e.panelError().httpStatus()).isEqualTo(429);
                    assertThat(e.panelError().detail())
                            .startsWith("Too many login attempts for this account, please try again in ");
                });
    }

    @Test
    void registeredPublicKeyLogsIn() {
        panel.addUserKey("alice", KEY);

        SftpAuthResponse response = client.validateSftpCredentials(SftpAuthRequest.publicKey(
                "alice." + shortId,
                KEY.substring(0, KEY.lastIndexOf(' ')) + "\n",
                "203.0.113.7:5000",
                new byte[0],
                new byte[0]));

        assertThat(response.server()).isEqualTo(uuid);
        assertThat(response.permissions()).isEqualTo(List.of("*"));
    }

    // spec A10: 5xx and transport failures are retried, then thrown as they are (not "invalid credentials")
    @Test
    void serverErrorIsRetriedAndNotInvalidCredentials() {
        panel.failNext(call("POST", "/sftp/auth"), 1, 500);

        assertThat(login("alice." + shortId, "hunter2").server()).isEqualTo(uuid);
        assertThat(panel.requests()).hasSize(2);
    }
}
