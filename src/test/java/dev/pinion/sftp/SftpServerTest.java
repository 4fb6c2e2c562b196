package dev.pinion.sftp;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelSession;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtensionInfo;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SFTP server end to end with real clients (OpenSSH's sftp, MINA's SftpClient) against a daemon and
 * the fake Panel (spec websocket-sftp-activity.md §2, §3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpServerTest {
    private SftpNode node;
    private String readerUuid;

    @BeforeAll
    void start() throws Exception {
        node = SftpNode.start(
                "  activity_send_interval: 1\n", "", GameServers.server().disk(1));
        readerUuid = node.panel.addUser("reader", "readpw");
        node.panel.addSubuser(node.server, "reader", "file.sftp", "file.read", "file.read-content");
        node.panel.addUser("nosftp", "nosftppw");
        node.panel.addSubuser(node.server, "nosftp", "file.read", "file.read-content", "file.create");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @BeforeEach
    void clean() throws IOException {
        try (var entries = Files.list(node.root())) {
            for (Path entry : entries.toList()) {
                deleteTree(entry);
            }
        }
    }

    // spec §2.5, §2.7: password login; mkdir, put, chmod, rename, get, ls reach the disk
    @Test
    void opensshPutMkdirChmodRenameGetAndListReachTheDisk() throws Exception {
        Path work = Files.createTempDirectory("pinion-sftp-local-");
        Files.writeString(work.resolve("local.jar"), "plugin bytes");

        SftpNode.Batch batch = node.openssh(
                SftpNode.OWNER,
                SftpNode.PASSWORD,
                null,
                "mkdir plugins",
                "put " + work.resolve("local.jar") + " plugins/x.jar",
                "chmod 600 plugins/x.jar",
                "rename plugins/x.jar plugins/y.jar",
                "get plugins/y.jar " + work.resolve("back.jar"),
                "ls -l plugins");

        assertThat(batch.exitCode()).as(batch.output()).isZero();
        Path stored = node.root().resolve("plugins/y.jar");
        assertThat(stored).hasContent("plugin bytes");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
        assertThat(node.root().resolve("plugins/x.jar")).doesNotExist();
        assertThat(work.resolve("back.jar")).hasContent("plugin bytes");
        assertThat(batch.output()).contains("y.jar");
        // no temporary upload file is left behind
        try (var entries = Files.list(node.root().resolve("plugins"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("y.jar");
        }
    }

    @Test
    void opensshRemovesFilesAndDirectories() throws Exception {
        Files.createDirectories(node.root().resolve("old/deep"));
        Files.writeString(node.root().resolve("old/deep/a.txt"), "a");
        Files.writeString(node.root().resolve("b.txt"), "b");

        SftpNode.Batch batch = node.openssh(SftpNode.OWNER, SftpNode.PASSWORD, null, "rm b.txt", "rmdir old");

        assertThat(batch.exitCode()).as(batch.output()).isZero();
        assertThat(node.root().resolve("b.txt")).doesNotExist();
        // spec §2.7: RMDIR is recursive in Wings
        assertThat(node.root().resolve("old")).doesNotExist();
    }

    // spec §2.5 public_key: the key in authorized_keys form goes to the Panel
    @Test
    void opensshLogsInWithAKeyThePanelKnows() throws Exception {
        Path key = SftpNode.keyPair();
        node.panel.addUserKey(
                SftpNode.OWNER, Files.readString(Path.of(key + ".pub")).trim());
        Files.writeString(node.root().resolve("hello.txt"), "hi");

        SftpNode.Batch batch = node.openssh(SftpNode.OWNER, null, key, "ls");

        assertThat(batch.exitCode()).as(batch.output()).isZero();
        assertThat(batch.output()).contains("hello.txt");
        assertThat(node.panel.requests(call("POST", "/sftp/auth")))
                .anySatisfy(r -> assertThat(r.json().path("type").asText()).isEqualTo("public_key"));
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        SftpNode.Batch batch = node.openssh(SftpNode.OWNER, null, SftpNode.keyPair(), "ls");

        assertThat(batch.exitCode()).isNotZero();
    }

    @Test
    void minaClientWritesReadsAndLists() throws Exception {
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            try (OutputStream out = sftp.write("/notes.txt")) {
                out.write("from mina".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(node.root().resolve("notes.txt")).hasContent("from mina");
            try (InputStream in = sftp.read("/notes.txt")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("from mina");
            }
            List<String> names = new ArrayList<>();
            sftp.readDir("/").forEach(entry -> names.add(entry.getFilename()));
            assertThat(names).contains("notes.txt");
            assertThat(sftp.canonicalPath("/a/../../b/.")).isEqualTo("/b");
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> node.session(SftpNode.OWNER, "wrong")).isInstanceOf(Exception.class);
    }

    @Test
    void anUnknownServerIsRefused() {
        assertThatThrownBy(() -> node.ssh
                        .connect("owner.abcdef12", "127.0.0.1", node.port())
                        .verify(20, TimeUnit.SECONDS)
                        .getSession()
                        .auth()
                        .verify(20, TimeUnit.SECONDS))
                .isInstanceOf(Exception.class);
    }

    // spec §2.5: the user name shape is checked before any Panel call
    @Test
    void aMalformedUserNameIsRefusedWithoutAskingThePanel() throws Exception {
        node.panel.clearRequests();
        try (ClientSession session = node.ssh
                .connect("nodot", "127.0.0.1", node.port())
                .verify(20, TimeUnit.SECONDS)
                .getSession()) {
            session.addPasswordIdentity("x");
            assertThatThrownBy(() -> session.auth().verify(20, TimeUnit.SECONDS))
                    .isInstanceOf(Exception.class);
        }
        assertThat(node.panel.requests(call("POST", "/sftp/auth"))).isEmpty();
    }

    private double sftpSessionsGauge() {
        Http admin = new Http(node.daemon.adminPort());
        return PrometheusText.parse(
                        admin.send(admin.request("/prometheus").GET()).body())
                .value("pinion_node_sftp_sessions", Map.of())
                .orElseThrow(() -> new AssertionError("pinion_node_sftp_sessions is not exported"));
    }

    // issue #14 item 4: the node's open SFTP sessions, as operators see them on /prometheus
    @Test
    void theNodeGaugeCountsLoggedInSessionsUntilTheyClose() throws Exception {
        Duration settle = Duration.ofSeconds(20);
        // Other tests of this class may leave sessions open (closing an SftpClient keeps its session).
        double before = sftpSessionsGauge();
        try (ClientSession first = node.session(SftpNode.OWNER, SftpNode.PASSWORD)) {
            await().atMost(settle).until(() -> sftpSessionsGauge() == before + 1);
            try (ClientSession second = node.session("reader", "readpw")) {
                await().atMost(settle).until(() -> sftpSessionsGauge() == before + 2);
            }
            await().atMost(settle).until(() -> sftpSessionsGauge() == before + 1);
        }
        await().atMost(settle).until(() -> sftpSessionsGauge() == before);
    }

    // spec §2.5 step 5: a subuser without file.sftp gets the Panel's 403
    @Test
    void aSubuserWithoutSftpPermissionIsRefused() {
        assertThatThrownBy(() -> node.session("nosftp", "nosftppw")).isInstanceOf(Exception.class);
    }

    // spec §2.7: a subuser with read permissions only can read and list but not write or delete
    @Test
    void aReadOnlySubuserCanReadButNotWriteOrDelete() throws Exception {
        Files.writeString(node.root().resolve("config.yml"), "motd: hi");
        try (SftpClient sftp = node.sftp("reader", "readpw")) {
            try (InputStream in = sftp.read("/config.yml")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("motd: hi");
            }
            assertThatThrownBy(() -> {
                        try (OutputStream out = sftp.write("/config.yml")) {
                            out.write(1);
                        }
                    })
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED));
            assertThatThrownBy(() -> sftp.remove("/config.yml"))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED));
            assertThatThrownBy(() -> sftp.mkdir("/new"))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED));
        }
        assertThat(node.root().resolve("config.yml")).hasContent("motd: hi");
        assertThat(node.root().resolve("new")).doesNotExist();
    }

    // files-backups-transfers.md §1.4: a put that does not fit the quota (1 MiB) fails and publishes nothing
    @Test
    void aPutOverTheQuotaIsRefusedAndLeavesNothing() throws Exception {
        byte[] twoMiB = new byte[2 * 1024 * 1024];
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            assertThatThrownBy(() -> {
                        try (OutputStream out = sftp.write("/big.bin")) {
                            out.write(twoMiB);
                        }
                    })
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Quota Exceeded");
        }
        try (var entries = Files.list(node.root())) {
            assertThat(entries.toList()).isEmpty();
        }
    }

    // OpenSSH's first-choice cipher runs on JdkChaCha20Poly1305: many packets cross intact both ways
    @Test
    void opensshOverChacha20MovesAFileIntactBothWays() throws Exception {
        byte[] data = new byte[700_001];
        new Random(7).nextBytes(data);
        Path local = Files.createTempFile("pinion-chacha-", ".bin");
        Path back = local.resolveSibling(local.getFileName() + ".back");
        Files.write(local, data);
        SftpNode.Batch batch = node.openssh(
                List.of("-o", "Ciphers=chacha20-poly1305@openssh.com"),
                SftpNode.OWNER,
                SftpNode.PASSWORD,
                null,
                "put " + local + " /chacha.bin",
                "get /chacha.bin " + back);
        assertThat(batch.exitCode()).as(batch.output()).isZero();
        assertThat(Files.readAllBytes(node.root().resolve("chacha.bin"))).isEqualTo(data);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
    }

    // Beyond Wings: limits@openssh.com as OpenSSH's sftp-server answers it, so OpenSSH's client moves
    // 255 KiB per READ and WRITE instead of 32 KiB (bench/sftp-vs-openssh.sh); a request of that size works
    @Test
    void limitsInviteOpenSshSizedReadsAndWritesAndSuchAWriteIsServed() throws Exception {
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            OpenSSHLimitsExtension extension = sftp.getExtension(OpenSSHLimitsExtension.class);
            assertThat(extension.isSupported()).isTrue();
            OpenSSHLimitsExtensionInfo limits = extension.limits();
            assertThat(limits.maxPacketLength).isEqualTo(256 * 1024);
            assertThat(limits.maxReadLength).isEqualTo(255 * 1024);
            assertThat(limits.maxWriteLength).isEqualTo(255 * 1024);
            assertThat(limits.maxOpenHandles).isPositive();

            byte[] data = new byte[(int) limits.maxWriteLength];
            new Random(3).nextBytes(data);
            try (SftpClient.CloseableHandle handle =
                    sftp.open("/limit.bin", SftpClient.OpenMode.Write, SftpClient.OpenMode.Create)) {
                sftp.write(handle, 0, data);
            }
            assertThat(Files.readAllBytes(node.root().resolve("limit.bin"))).isEqualTo(data);
            byte[] back = new byte[data.length];
            try (SftpClient.CloseableHandle handle = sftp.open("/limit.bin", SftpClient.OpenMode.Read)) {
                assertThat(sftp.read(handle, 0, back, 0, back.length)).isEqualTo(data.length);
            }
            assertThat(back).isEqualTo(data);
        }
    }

    // GHSA-hr7j-63v7-vj7g / CVE-2025-68954: deauthorize-user closes that user's open session at once
    @Test
    void deauthorizingTheUserClosesTheirOpenSession() throws Exception {
        ClientSession owner = node.session(SftpNode.OWNER, SftpNode.PASSWORD);
        ClientSession reader = node.session("reader", "readpw");
        try {
            var response = node.daemon
                    .http()
                    .postJson(
                            "/api/deauthorize-user",
                            "{\"user\":\"" + node.ownerUuid + "\",\"servers\":[\"" + node.server + "\"]}");
            assertThat(response.statusCode()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(10)).until(owner::isClosed);
            assertThat(reader.isOpen()).isTrue();
        } finally {
            owner.close(true);
            reader.close(true);
        }
    }

    // GHSA-hr7j-63v7-vj7g: a user removed on the Panel (which then calls deauthorize-user, as on subuser
    // removal and password change; Wings has no other signal) loses the live session, and the node's
    // login cache does not let them back in
    @Test
    void aRemovedUserLosesTheSessionAndCannotComeBackFromTheLoginCache() throws Exception {
        String leaver = node.panel.addUser("leaver", "leavepw");
        node.panel.addSubuser(node.server, "leaver", "file.sftp", "file.read");
        ClientSession live = node.session("leaver", "leavepw");
        try {
            node.panel.removeUser("leaver");
            var response = node.daemon
                    .http()
                    .postJson("/api/deauthorize-user", "{\"user\":\"" + leaver + "\",\"servers\":[]}");
            assertThat(response.statusCode()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(10)).until(live::isClosed);
            assertThatThrownBy(() -> node.session("leaver", "leavepw")).isInstanceOf(IOException.class);
        } finally {
            live.close(true);
        }
    }

    // CVE-2026-52856: a subsystem request shorter than its length field crashes nothing
    @Test
    void aShortSubsystemPayloadCrashesNothing() throws Exception {
        try (ClientSession session = node.session(SftpNode.OWNER, SftpNode.PASSWORD)) {
            // A bare session channel: opened, with no request sent by the client library.
            ChannelSession channel = new ChannelSession();
            session.getService(ConnectionService.class).registerChannel(channel);
            channel.open().verify(20, TimeUnit.SECONDS);
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            request.putInt(channel.getRecipient());
            request.putString("subsystem");
            request.putBoolean(true);
            request.putRawBytes(new byte[] {0, 1});
            session.writePacket(request);
            // give the server the packet, then prove it still serves everyone
            await().pollDelay(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> true);
        }
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            assertThat(sftp.canonicalPath(".")).isEqualTo("/");
        }
        assertThat(node.daemon.http().get("/api/servers/" + node.server).statusCode())
                .isEqualTo(200);
    }

    // issue #13 "Bad input": an SFTP packet announcing more than OpenSSH's 256 KiB limit closes that
    // channel before anything is allocated; the connection's other users and everyone else go on
    @Test
    void aHugeSftpPacketClosesOnlyItsChannel() throws Exception {
        try (ClientSession session = node.session(SftpNode.OWNER, SftpNode.PASSWORD)) {
            ClientChannel channel = session.createSubsystemChannel("sftp");
            channel.open().verify(20, TimeUnit.SECONDS);
            OutputStream out = channel.getInvertedIn();
            out.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, 0x00, SftpConstants.SSH_FXP_WRITE, 0, 0, 0, 1});
            out.flush();
            Set<ClientChannelEvent> events =
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(15));
            assertThat(events).contains(ClientChannelEvent.CLOSED);
            assertThat(session.isOpen()).isTrue();
        }
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            assertThat(sftp.canonicalPath(".")).isEqualTo("/");
        }
    }

    // issue #13 "Bad input": garbage on the SSH port is dropped, a client stalled mid-handshake holds
    // nothing up, and a real client is served meanwhile
    @Test
    void garbageOnThePortIsDroppedAndAStalledHandshakeBlocksNoOne() throws Exception {
        try (Socket garbage = new Socket("127.0.0.1", node.port());
                Socket stalled = new Socket("127.0.0.1", node.port())) {
            stalled.getOutputStream().write("SSH-2.0-stalled\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] noise = new byte[64 * 1024];
            new Random(13).nextBytes(noise);
            garbage.setSoTimeout(15_000);
            try {
                garbage.getOutputStream().write(noise);
            } catch (IOException droppedWhileWriting) {
                // the server may close before all of it is sent: that is the point
            }
            try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
                assertThat(sftp.canonicalPath(".")).isEqualTo("/");
            }
            // the server closes the garbage connection (end of stream or reset, never a read timeout)
            assertThatThrownBy(() -> {
                        InputStream in = garbage.getInputStream();
                        while (in.read() >= 0) {
                            // the server's identification line, then the close
                        }
                        throw new IOException("closed");
                    })
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    // spec §2.9, §3.3: SFTP changes reach the Panel's activity log with the user's uuid and the client ip
    @Test
    void sftpChangesReachThePanelActivityLog() throws Exception {
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            sftp.mkdir("/logged");
            try (OutputStream out = sftp.write("/logged/a.txt")) {
                out.write('a');
            }
            sftp.rename("/logged/a.txt", "/logged/b.txt");
            sftp.remove("/logged/b.txt");
        }

        // spec §3.3: shipped every activity_send_interval (1 s here)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events("server:sftp.create-directory")).anySatisfy(e -> {
                assertThat(e.path("user").asText()).isEqualTo(node.ownerUuid);
                assertThat(e.path("ip").asText()).isEqualTo("127.0.0.1");
                // Entries of one user and event are merged as Wings merges them (other tests of this
                // class share the daemon), so the path is one of the entry's files, not always the first.
                assertThat(e.path("metadata").path("files").toString()).contains("\"/logged\"");
            });
            assertThat(events("server:sftp.create"))
                    .anySatisfy(e -> assertThat(e.path("metadata").path("files").toString())
                            .contains("\"/logged/a.txt\""));
            assertThat(events("server:sftp.rename"))
                    .anySatisfy(e -> assertThat(e.path("metadata").path("files").toString())
                            .contains("{\"from\":\"/logged/a.txt\",\"to\":\"/logged/b.txt\"}"));
            assertThat(events("server:sftp.delete"))
                    .anySatisfy(e -> assertThat(e.path("metadata").path("files").toString())
                            .contains("/logged/b.txt"));
        });
    }

    private List<JsonNode> events(String name) {
        return node.panel.activity().stream()
                .filter(e -> e.path("event").asText().equals(name))
                .toList();
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(path)) {
                for (Path entry : entries.toList()) {
                    deleteTree(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
