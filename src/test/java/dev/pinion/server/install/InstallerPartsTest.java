package dev.pinion.server.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.config.DockerConfig;
import dev.pinion.panel.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer's pure parts: its resources, the script file and the log header. Spec:
 * server-lifecycle-docker.md §5.3 (script file), §5.4 (resources), §5.5 (log header).
 */
class InstallerPartsTest {
    private static ServerSettings.Build build(long memory, long cpu) {
        return new ServerSettings.Build(memory, 0, 500, cpu, null, 0, false);
    }

    private static DockerConfig.InstallerLimits limits(long memory, long cpu) {
        return new DockerConfig.InstallerLimits(memory, cpu);
    }

    @Test
    void installerMemoryIsTheLargerOfServerAndInstallerEvenForAnUnlimitedServer() {
        assertThat(InstallerResources.of(build(512, 0), limits(1024, 100)).memoryLimit())
                .isEqualTo(1024);
        assertThat(InstallerResources.of(build(4096, 0), limits(1024, 100)).memoryLimit())
                .isEqualTo(4096);
        assertThat(InstallerResources.of(build(0, 0), limits(1024, 100)).memoryLimit())
                .isEqualTo(1024);
    }

    @Test
    void installerCpuFollowsWingsRules() {
        assertThat(InstallerResources.of(build(0, 50), limits(1024, 100)).cpuLimit())
                .as("raised to the installer's")
                .isEqualTo(100);
        assertThat(InstallerResources.of(build(0, 400), limits(1024, 100)).cpuLimit())
                .as("server's when higher")
                .isEqualTo(400);
        assertThat(InstallerResources.of(build(0, 0), limits(1024, 100)).cpuLimit())
                .as("unlimited stays unlimited")
                .isZero();
        assertThat(InstallerResources.of(build(0, 50), limits(1024, 0)).cpuLimit())
                .as("installer 0 = unlimited")
                .isZero();
    }

    @Test
    void scriptIsWrittenWithLfLineEndsInAPrivateDirectory(@TempDir Path tmp) throws Exception {
        Path directory = tmp.resolve("uuid");
        InstallScriptFile.write(directory, "#!/bin/ash\r\necho a\r\necho b");
        assertThat(Files.readString(directory.resolve("install.sh"))).isEqualTo("#!/bin/ash\necho a\necho b\n");
        assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(directory.resolve("install.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

        InstallScriptFile.write(directory, "");
        assertThat(Files.readString(directory.resolve("install.sh")))
                .as("a null script is an empty file")
                .isEmpty();
    }

    /**
     * Issue #10 item 10: the scratch directory is the installer's /mnt/install, writable by the egg's
     * script as root. What an earlier run planted there — a link named install.sh pointing at a host
     * file, a FIFO, a directory linked out of the tree — is deleted, never followed or opened.
     */
    @Test
    void plantedLinksAndFifosInTheScratchDirectoryAreNeverFollowed(@TempDir Path tmp) throws Exception {
        Path directory = tmp.resolve("uuid");
        Path outside = Files.createDirectories(tmp.resolve("host"));
        Path hostFile = Files.writeString(outside.resolve("shadow"), "root:secret");
        Files.createDirectories(directory.resolve("sub"));
        Files.createSymbolicLink(directory.resolve("install.sh"), hostFile);
        Files.createSymbolicLink(directory.resolve("sub/escape"), outside);
        Files.createSymbolicLink(directory.resolve("linked-dir"), outside);
        Process mkfifo = new ProcessBuilder("mkfifo", directory.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        InstallScriptFile.write(directory, "echo fresh");

        assertThat(Files.readString(hostFile)).isEqualTo("root:secret");
        assertThat(outside.resolve("shadow")).exists();
        assertThat(Files.isSymbolicLink(directory.resolve("install.sh"))).isFalse();
        assertThat(Files.readString(directory.resolve("install.sh"))).isEqualTo("echo fresh\n");
        try (var left = Files.list(directory)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly("install.sh");
        }

        InstallationProcess.deleteTree(directory);
        assertThat(directory).doesNotExist();
        assertThat(Files.readString(hostFile)).isEqualTo("root:secret");
    }

    @Test
    void logHeaderIsWingsTemplateWithHtmlEscapedValues() {
        String header = InstallLogHeader.render(
                "d3aac109-e5a0-4331-b03e-3454f7e136dc",
                "ghcr.io/pterodactyl/installers:alpine",
                "ash",
                List.of("TZ=Europe/Berlin", "SERVER_MEMORY=1024", "MOTD=Tom & Jerry's <server> \"+1\""));
        assertThat(header).isEqualTo("""
                Pterodactyl Server Installation Log

                |
                | Details
                | ------------------------------
                  Server UUID:          d3aac109-e5a0-4331-b03e-3454f7e136dc
                  Container Image:      ghcr.io/pterodactyl/installers:alpine
                  Container Entrypoint: ash

                |
                | Environment Variables
                | ------------------------------
                  TZ=Europe/Berlin
                  SERVER_MEMORY=1024
                  MOTD=Tom &amp; Jerry&#39;s &lt;server&gt; &#34;&#43;1&#34;


                |
                | Script Output
                | ------------------------------
                """);
    }
}
