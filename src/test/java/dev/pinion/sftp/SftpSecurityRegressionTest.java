package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

        // spec websocket-sftp-activity.md §2.6: STAT follows links, but a link out of the root is a failure
        @Test
        void statAndLstatOfALinkLeadingOutsideFailAndTellNothing() {
            for (String path : new String[] {"/outfile", "/outdir", "/dangling"}) {
                assertThatThrownBy(() -> sftp.stat(path)).satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
                assertThatThrownBy(() -> sftp.lstat(path)).satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
            }
        }

        @Test
        void readlinkOfALinkLeadingOutsideFailsWithoutItsTarget() {
            for (String path : new String[] {"/outfile", "/outdir", "/dangling"}) {
                assertThatThrownBy(() -> sftp.readLink(path))
                        .satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
            }
        }

        @Test
        void aRelativeLinkClimbingOutIsNotFollowed() throws Exception {
            Files.createSymbolicLink(node.root().resolve("climb"), Path.of("../../outside/secret.txt"));
            assertThatThrownBy(() -> sftp.stat("/climb")).satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
            assertThatThrownBy(() -> sftp.readLink("/climb"))
                    .satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
            assertThatThrownBy(() -> read("/climb")).satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
        }
    }

    /**
     * Links a game server made inside its own volume work as in Wings (spec websocket-sftp-activity.md
     * §2.6: relative links inside the root are followed by STAT, LSTAT, reads and listings; absolute links
     * are refused, as RESOLVE_BENEATH does), resolved by descriptor beneath the root.
     */
    @Nested
    class LinksInsideTheRoot {
        @BeforeEach
        void insideLinks() throws Exception {
            Files.createDirectories(node.root().resolve("configs/sub"));
            Files.writeString(node.root().resolve("configs/sub/server.properties"), "motd=hi");
            Files.createSymbolicLink(node.root().resolve("link.txt"), Path.of("mine.txt"));
            Files.createSymbolicLink(node.root().resolve("configs/up.txt"), Path.of("../link.txt"));
            Files.createSymbolicLink(node.root().resolve("cfg"), Path.of("configs/sub"));
            Files.createSymbolicLink(node.root().resolve("loop"), Path.of("loop"));
            Files.createSymbolicLink(
                    node.root().resolve("absolute"), node.root().resolve("mine.txt"));
        }

        @Test
        void statAndLstatFollowALinkToTheFile() throws Exception {
            for (SftpClient.Attributes attributes : new SftpClient.Attributes[] {
                sftp.stat("/link.txt"), sftp.lstat("/link.txt"), sftp.stat("/configs/up.txt")
            }) {
                assertThat(attributes.isRegularFile()).isTrue();
                assertThat(attributes.getSize()).isEqualTo(4);
            }
            assertThat(sftp.stat("/cfg").isDirectory()).isTrue();
        }

        @Test
        void readlinkAnswersTheTargetAsAPathInTheTree() throws Exception {
            assertThat(sftp.readLink("/link.txt")).isEqualTo("/mine.txt");
            assertThat(sftp.readLink("/configs/up.txt")).isEqualTo("/link.txt");
            assertThat(sftp.readLink("/cfg")).isEqualTo("/configs/sub");
            // not a link: a failure, not the file's own path
            assertThatThrownBy(() -> sftp.readLink("/mine.txt")).isInstanceOf(SftpException.class);
        }

        @Test
        void aLinkedFileIsReadAndALinkedDirectoryListed() throws Exception {
            assertThat(read("/configs/up.txt")).isEqualTo("mine");
            List<String> names = new ArrayList<>();
            sftp.readDir("/cfg").forEach(entry -> names.add(entry.getFilename()));
            assertThat(names).contains("server.properties");
            assertThat(read("/cfg/server.properties")).isEqualTo("motd=hi");
        }

        @Test
        void absoluteAndLoopingLinksFail() {
            assertThatThrownBy(() -> sftp.stat("/absolute"))
                    .satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
            assertThatThrownBy(() -> sftp.readLink("/absolute"))
                    .satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
            assertThatThrownBy(() -> sftp.stat("/loop")).satisfies(SftpSecurityRegressionTest::failedWithoutLeaking);
        }

        @Test
        void writesStillNeverGoThroughALink() throws Exception {
            assertThatThrownBy(() -> write("/link.txt", "through")).isInstanceOf(IOException.class);
            assertThat(node.root().resolve("mine.txt")).hasContent("mine");
        }
    }

    /**
     * panel#4059 / issue #10: a FIFO a game server made, or a link to one, never blocks a request (Wings
     * opens the file to stat it and hangs); the session goes on serving.
     */
    @Nested
    class Panel4059_FifosNeverBlock {
        @Test
        void statAndReadOfAFifoAndOfALinkToItAnswerAtOnce() throws Exception {
            Process mkfifo = new ProcessBuilder(
                            "mkfifo", node.root().resolve("pipe").toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(mkfifo.waitFor()).isZero();
            Files.createSymbolicLink(node.root().resolve("pipelink"), Path.of("pipe"));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (String path : new String[] {"/pipe", "/pipelink"}) {
                    int type = sftp.stat(path).getPermissions() & SftpConstants.S_IFMT;
                    assertThat(type).isEqualTo(SftpConstants.S_IFIFO);
                    assertThatThrownBy(() -> read(path)).isInstanceOf(SftpException.class);
                }
                assertThat(read("/mine.txt")).isEqualTo("mine");
            });
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

    /** A generic SFTP failure whose message names nothing outside the root (no host path, no content). */
    private static void failedWithoutLeaking(Throwable thrown) {
        assertThat(thrown).isInstanceOf(SftpException.class);
        SftpException refused = (SftpException) thrown;
        assertThat(refused.getStatus()).isIn(SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_NO_SUCH_FILE);
        assertThat(String.valueOf(refused.getMessage()))
                .doesNotContain("outside")
                .doesNotContain("host secret")
                .doesNotContain("/var/")
                .doesNotContain("/tmp");
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
