package dev.pinion.sftp;

import static org.awaitility.Awaitility.await;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A daemon with one server (owner {@code owner}/{@code secret}) loaded from a fake Panel, its SFTP port,
 * and the two real clients the tests use: MINA's SftpClient and OpenSSH's {@code sftp} in batch mode.
 * An "outside" directory beside the volumes holds sentinels the escape tests prove untouched.
 */
final class SftpNode implements AutoCloseable {
    static final String OWNER = "owner";
    static final String PASSWORD = "secret";

    final FakePanel panel;
    final TestDaemon daemon;
    final String server;
    final String ownerUuid;
    final Path outside;
    final SshClient ssh;

    private SftpNode(FakePanel panel, TestDaemon daemon, String server, String ownerUuid, Path outside) {
        this.panel = panel;
        this.daemon = daemon;
        this.server = server;
        this.ownerUuid = ownerUuid;
        this.outside = outside;
        this.ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.start();
    }

    /** {@code systemYaml} lines go under {@code system:}; {@code extraYaml} is appended at the top level. */
    static SftpNode start(String systemYaml, String extraYaml, ServerConfigBuilder serverConfig) throws Exception {
        return start(systemYaml, "", extraYaml, serverConfig);
    }

    /** As {@link #start(String, String, ServerConfigBuilder)}, with {@code sftpYaml} lines under {@code system.sftp:}. */
    static SftpNode start(String systemYaml, String sftpYaml, String extraYaml, ServerConfigBuilder serverConfig)
            throws Exception {
        FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String server = panel.addServer(serverConfig);
        String ownerUuid = panel.addUser(OWNER, PASSWORD);
        panel.setOwner(server, OWNER);
        TestDaemon daemon = new TestDaemon(panel, extraYaml);
        Path config = daemon.node().configFile();
        Files.writeString(
                config,
                Files.readString(config)
                        .replaceFirst("\nsystem:\n", "\nsystem:\n" + systemYaml)
                        .replaceFirst("\n  sftp:\n", "\n  sftp:\n" + sftpYaml));
        daemon.start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> daemon.http().get("/api/servers/" + server).statusCode() == 200);
        Path outside = daemon.node().root().resolve("outside");
        Files.createDirectories(outside.resolve("dir"));
        Files.writeString(outside.resolve("secret.txt"), "host secret");
        return new SftpNode(panel, daemon, server, ownerUuid, outside);
    }

    static SftpNode start() throws Exception {
        return start("", "", GameServers.server());
    }

    int port() {
        return daemon.sftpPort();
    }

    Path root() {
        return daemon.node().root().resolve("lib/volumes").resolve(server);
    }

    String shortId() {
        return server.substring(0, 8);
    }

    String username(String user) {
        return user + "." + shortId();
    }

    /** A logged-in MINA session (password). */
    ClientSession session(String user, String password) throws IOException {
        ClientSession session = ssh.connect(username(user), "127.0.0.1", port())
                .verify(20, TimeUnit.SECONDS)
                .getSession();
        session.addPasswordIdentity(password);
        try {
            session.auth().verify(20, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
        return session;
    }

    SftpClient sftp(String user, String password) throws IOException {
        return SftpClientFactory.instance().createSftpClient(session(user, password));
    }

    /** The result of an OpenSSH {@code sftp -b} run. */
    record Batch(int exitCode, String output) {}

    /** Runs OpenSSH's sftp in batch mode; the password is given through SSH_ASKPASS (no tty needed). */
    Batch openssh(String user, String password, Path key, String... commands) throws Exception {
        return openssh(List.of(), user, password, key, commands);
    }

    /** {@link #openssh} with extra ssh options ({@code -o Name=value} pairs) ahead of the others. */
    Batch openssh(List<String> options, String user, String password, Path key, String... commands) throws Exception {
        Path work = Files.createTempDirectory("pinion-sftp-batch-");
        Path batch = work.resolve("batch");
        Files.writeString(batch, String.join("\n", commands) + "\n");
        // ssh keeps the first value of an option: BatchMode=no ahead of -b (which adds BatchMode=yes) lets
        // a password login ask SSH_ASKPASS.
        List<String> command = new ArrayList<>(List.of("sftp"));
        command.addAll(options);
        command.addAll(List.of(
                "-o",
                "BatchMode=" + (key == null ? "no" : "yes"),
                "-b",
                batch.toString(),
                "-P",
                Integer.toString(port()),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                "-o",
                "NumberOfPasswordPrompts=1",
                "-F",
                "/dev/null"));
        ProcessBuilder builder = new ProcessBuilder();
        if (key != null) {
            command.addAll(List.of("-o", "IdentitiesOnly=yes", "-i", key.toString()));
        } else {
            Path askpass = work.resolve("askpass");
            Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' '" + password + "'\n");
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            builder.environment().put("SSH_ASKPASS", askpass.toString());
            builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
            builder.environment().put("DISPLAY", ":0");
            command.addAll(List.of("-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no"));
        }
        command.add(username(user) + "@127.0.0.1");
        Process process = builder.command(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Batch(process.exitValue(), output);
    }

    /** A fresh ed25519 key pair made by ssh-keygen; returns the private key path (public is .pub). */
    static Path keyPair() throws Exception {
        Path directory = Files.createTempDirectory("pinion-sftp-key-");
        Path key = directory.resolve("id_ed25519");
        Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        process.waitFor(30, TimeUnit.SECONDS);
        return key;
    }

    @Override
    public void close() {
        ssh.stop();
        daemon.close();
        panel.close();
    }
}
