package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.GameServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code system.sftp.read_only: true} (spec websocket-sftp-activity.md §2.8, §2.7 table): every write-open
 * and change operation answers OP_UNSUPPORTED (8), as Wings' handler returns {@code ErrSSHFxOpUnsupported}
 * before any permission check, and nothing on disk changes; reads, listing and stat still work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpReadOnlyTest {
    private SftpNode node;

    @BeforeAll
    void start() throws Exception {
        node = SftpNode.start("", "    read_only: true\n", "", GameServers.server());
        // A subuser with no write permission at all: read-only is checked first, so it also gets 8.
        node.panel.addUser("reader", "readpw");
        node.panel.addSubuser(node.server, "reader", "file.sftp", "file.read", "file.read-content");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(node.root().resolve("plugins"));
        Files.writeString(node.root().resolve("config.yml"), "motd: hi");
        Files.setPosixFilePermissions(node.root().resolve("config.yml"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void theOwnerCanStillReadListAndStat() throws Exception {
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            try (InputStream in = sftp.read("/config.yml")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("motd: hi");
            }
            assertThat(sftp.stat("/config.yml").getSize()).isEqualTo(8);
            List<String> names = new ArrayList<>();
            sftp.readDir("/").forEach(entry -> names.add(entry.getFilename()));
            assertThat(names).contains("config.yml", "plugins");
        }
    }

    @Test
    void everyWriteOperationOfTheOwnerIsUnsupportedAndChangesNothing() throws Exception {
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD)) {
            assertRefused(() -> {
                try (OutputStream out = sftp.write("/new.txt")) {
                    out.write(1);
                }
            });
            assertRefused(() -> {
                try (OutputStream out = sftp.write("/config.yml")) {
                    out.write(1);
                }
            });
            assertRefused(() -> sftp.mkdir("/made"));
            assertRefused(() -> sftp.remove("/config.yml"));
            assertRefused(() -> sftp.rmdir("/plugins"));
            assertRefused(() -> sftp.rename("/config.yml", "/moved.yml"));
            assertRefused(() -> sftp.setStat("/config.yml", new SftpClient.Attributes().perms(0600)));
            assertRefused(() -> sftp.symLink("/link", "/config.yml"));
        }
        assertUnchanged();
    }

    @Test
    void aChmodOnAnOpenHandleIsUnsupported() throws Exception {
        try (SftpClient sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD);
                SftpClient.CloseableHandle handle = sftp.open("/config.yml", SftpClient.OpenMode.Read)) {
            assertRefused(() -> sftp.setStat(handle, new SftpClient.Attributes().perms(0600)));
        }
        assertUnchanged();
    }

    // spec §2.7 "Order of checks": read-only comes before the permission check
    @Test
    void aSubuserWithoutWritePermissionsGetsUnsupportedNotPermissionDenied() throws Exception {
        try (SftpClient sftp = node.sftp("reader", "readpw")) {
            assertRefused(() -> sftp.mkdir("/made"));
            assertRefused(() -> sftp.remove("/config.yml"));
        }
        assertUnchanged();
    }

    @Test
    void opensshPutMkdirRmRenameChmodAndLinksFailWhileGetWorks() throws Exception {
        Path work = Files.createTempDirectory("pinion-sftp-ro-");
        Files.writeString(work.resolve("local.jar"), "plugin bytes");
        String[] writes = {
            "put " + work.resolve("local.jar") + " /plugins/x.jar",
            "mkdir /made",
            "rm /config.yml",
            "rename /config.yml /moved.yml",
            "chmod 600 /config.yml",
            "ln -s /config.yml /link",
            // hardlink@openssh.com (MINA's client has no hard links in SFTP v3)
            "ln /config.yml /hard",
        };
        for (String write : writes) {
            SftpNode.Batch batch = node.openssh(SftpNode.OWNER, SftpNode.PASSWORD, null, write);
            assertThat(batch.exitCode()).as(write + ": " + batch.output()).isNotZero();
        }

        SftpNode.Batch get =
                node.openssh(SftpNode.OWNER, SftpNode.PASSWORD, null, "get /config.yml " + work.resolve("back.yml"));
        assertThat(get.exitCode()).as(get.output()).isZero();
        assertThat(work.resolve("back.yml")).hasContent("motd: hi");
        assertThat(node.root().resolve("plugins")).isEmptyDirectory();
        assertUnchanged();
    }

    private static void assertRefused(ThrowingCallable write) {
        assertThatThrownBy(write)
                .isInstanceOfSatisfying(
                        SftpException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_OP_UNSUPPORTED));
    }

    private void assertUnchanged() throws IOException {
        try (var entries = Files.list(node.root())) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("config.yml", "plugins");
        }
        assertThat(node.root().resolve("config.yml")).hasContent("motd: hi");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(node.root().resolve("config.yml"))))
                .isEqualTo("rw-r--r--");
    }
}
