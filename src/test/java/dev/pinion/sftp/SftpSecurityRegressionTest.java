package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One regression test per past Wings advisory that an SFTP client could exploit (spec/README.md table;
 * websocket-sftp-activity.md §2.6–2.7), with MINA's SftpClient against the running daemon. The volume
 * holds links a game server could have made; "outside" is a host directory beside the volumes whose
 * files every test proves unchanged, byte for byte and mode for mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpSecurityRegressionTest {
    private SftpNode node;
    private SftpClient sftp;
    private Map<String, String> before;

    @BeforeAll
    void start() throws Exception {
        node = SftpNode.start();
        sftp = node.sftp(SftpNode.OWNER, SftpNode.PASSWORD);
    }

    @AfterAll
    void stop() throws IOException {
        sftp.close();
        node.close();
    }

    @BeforeEach
    void links() throws Exception {
        clean(node.root());
        // What a game server process can make in its own volume at any time.
        Files.createSymbolicLink(node.root().resolve("outdir"), node.outside.resolve("dir"));
        Files.createSymbolicLink(node.root().resolve("outfile"), node.outside.resolve("secret.txt"));
        Files.createSymbolicLink(node.root().resolve("dangling"), node.outside.resolve("new.txt"));
        Files.writeString(node.root().resolve("mine.txt"), "mine");
        before = snapshot(node.outside);
    }

    @AfterEach
    void outsideIsUntouched() throws Exception {
        assertThat(snapshot(node.outside)).isEqualTo(before);
    }

    /** CVE-2023-25152: following symlinks created files and directories outside the root. */
    @Nested
    class Cve2023_25152_CreatingThroughSymlinks {
        @Test
        void aPutIntoASymlinkedDirectoryIsRefused() {
            assertThatThrownBy(() -> write("/outdir/new.txt", "pwned")).isInstanceOf(IOException.class);
            assertThat(node.outside.resolve("dir/new.txt")).doesNotExist();
        }

        @Test
        void aPutOntoADanglingSymlinkIsRefused() {
            assertThatThrownBy(() -> write("/dangling", "pwned")).isInstanceOf(IOException.class);
            assertThat(node.outside.resolve("new.txt")).doesNotExist();
        }

        @Test
        void aMkdirThroughASymlinkedDirectoryIsRefused() {
            assertThatThrownBy(() -> sftp.mkdir("/outdir/made")).isInstanceOf(SftpException.class);
            assertThat(node.outside.resolve("dir/made")).doesNotExist();
        }
    }

    /** CVE-2023-25168: following symlinks deleted directories outside the root. */
    @Nested
    class Cve2023_25168_DeletingThroughSymlinks {
        @Test
        void removingThroughASymlinkedDirectoryDeletesNothingOutside() {
            assertThatThrownBy(() -> sftp.remove("/outdir/source.txt")).isInstanceOf(SftpException.class);
        }

        @Test
        void removingTheLinkRemovesOnlyTheLink() throws Exception {
            sftp.rmdir("/outdir");
            assertThat(node.root().resolve("outdir")).doesNotExist();
            assertThat(node.outside.resolve("dir")).isDirectory();
        }
    }

    /** CVE-2024-27102: reads outside the server root. */
    @Nested
    class Cve2024_27102_ReadingOutside {
        @Test
        void dotDotCannotClimbAboveTheRoot() throws Exception {
            String escape = "/../../../outside/secret.txt";
            assertThat(sftp.canonicalPath(escape)).isEqualTo("/outside/secret.txt");
            assertThatThrownBy(() -> read(escape))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE));
        }

        @Test
        void anAbsoluteHostPathIsInsideTheRoot() {
            assertThatThrownBy(() -> read(node.outside.resolve("secret.txt").toString()))
                    .isInstanceOf(SftpException.class);
        }

        @Test
        void aSymlinkToAnOutsideFileIsNotRead() {
            assertThatThrownBy(() -> read("/outfile")).isInstanceOf(SftpException.class);
        }

        @Test
        void aSymlinkedDirectoryIsNotListedOrReadThrough() {
            // MINA's directory iterator wraps the refusal in an UncheckedIOException
            assertThatThrownBy(() -> sftp.readDir("/outdir").iterator().hasNext())
                    .hasMessageContaining("SSH_FX_");
            assertThatThrownBy(() -> read("/outdir/source.txt")).isInstanceOf(SftpException.class);
        }

        @Test
        void aFileInsideIsStillRead() throws Exception {
            assertThat(read("/mine.txt")).isEqualTo("mine");
        }
    }

    /** GHSA-rhq6-9rgh-v45c: chmod followed a symlink out of the root. */
    @Nested
    class Ghsa_rhq6_ChmodThroughSymlinks {
        @Test
        void setstatOnASymlinkNeverChangesItsTarget() throws Exception {
            SftpClient.Attributes attributes = new SftpClient.Attributes();
            attributes.setPermissions(0777);
            try {
                sftp.setStat("/outfile", attributes);
            } catch (SftpException refused) {
                // refused or skipped: either way the target keeps its mode (checked after each test)
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.outside.resolve("secret.txt"))))
                    .isNotEqualTo("rwxrwxrwx");
        }
    }

    /** Links are where every escape starts: an SFTP client can neither make them nor rename onto them (decision). */
    @Nested
    class LinksFromClients {
        @Test
        void symlinkCreationIsRefused() {
            assertThatThrownBy(() -> sftp.symLink("/newlink", "../outside/secret.txt"))
                    .isInstanceOfSatisfying(
                            SftpException.class,
                            e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_OP_UNSUPPORTED));
            assertThat(node.root().resolve("newlink")).doesNotExist();
        }

        @Test
        void renameOntoASymlinkIsRefusedAndTheLinkStays() {
            assertThatThrownBy(() -> sftp.rename("/mine.txt", "/outfile")).isInstanceOf(SftpException.class);
            assertThat(Files.isSymbolicLink(node.root().resolve("outfile"))).isTrue();
            assertThat(node.root().resolve("mine.txt")).hasContent("mine");
        }

        @Test
        void renameIntoASymlinkedDirectoryIsRefused() {
            assertThatThrownBy(() -> sftp.rename("/mine.txt", "/outdir/mine.txt"))
                    .isInstanceOf(SftpException.class);
            assertThat(node.outside.resolve("dir/mine.txt")).doesNotExist();
        }
    }

    private void write(String path, String text) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String read(String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> snapshot(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.toList()) {
                String mode =
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                String content = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.readString(path) : "";
                files.put(directory.relativize(path).toString(), mode + ":" + content);
            }
        }
        return files;
    }

    private static void clean(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    clean(entry);
                }
                Files.deleteIfExists(entry);
            }
        }
    }
}
