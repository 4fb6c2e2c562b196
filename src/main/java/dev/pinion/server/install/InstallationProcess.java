package dev.pinion.server.install;

import dev.pinion.config.NodeConfig;
import dev.pinion.environment.ContainerOutput;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.InstallerSpec;
import dev.pinion.filesystem.OwnedDirectories;
import dev.pinion.panel.InstallationScript;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a server's install script in its {@code <uuid>_installer} container (spec
 * server-lifecycle-docker.md §5.3–5.6): write the script, pull the image, replace any old
 * installer, create and start it, stream its output to the install log and the {@code install
 * output} events, wait for it with no deadline, note its exit code, remove it. The caller holds
 * the install lock and reports the result.
 */
final class InstallationProcess {
    private static final Logger LOG = LoggerFactory.getLogger(InstallationProcess.class);
    static final String STARTING_MESSAGE = "Starting installation process, this could take a few minutes...";
    // Output read before the exit is still being handed on when the wait returns.
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

    private final ContainerRuntime runtime;
    private final InstallerContainers containers;

    InstallationProcess(ContainerRuntime runtime, InstallerContainers containers) {
        this.runtime = runtime;
        this.containers = containers;
    }

    static String exitCodeLine(int exitCode) {
        return "Installation process exited with code " + exitCode;
    }

    /**
     * Runs the script. Returns when the installer exited (whatever its exit code); throws
     * {@link InstallFailedException} when it could not run, and {@link InterruptedException} when
     * the daemon abandons the wait (the installer is then left running for the next boot to find).
     */
    void run(ManagedServer managed, NodeConfig node, InstallationScript script, boolean reinstall)
            throws InstallFailedException, InterruptedException {
        String uuid = managed.uuid();
        String name = InstallerContainers.name(uuid);
        Path scriptDirectory = Path.of(node.system().tmpDirectory(), uuid);
        try {
            InstallScriptFile.write(scriptDirectory, script.script());
        } catch (IOException e) {
            throw new InstallFailedException("failed to write installation script to disk: " + e.getMessage(), e);
        }
        try {
            runtime.pullImage(
                    script.containerImage(),
                    node.docker().registries(),
                    progress -> LOG.debug("server {}: installer image pull: {}", uuid, progress));
            runtime.remove(name, true);
        } catch (RuntimeException e) {
            throw new InstallFailedException("failed to prepare the installation container: " + e.getMessage(), e);
        }

        InstallLog log = InstallLog.open(
                InstallLog.path(node.system().logDirectory(), uuid),
                InstallLogHeader.render(
                        uuid,
                        script.containerImage(),
                        script.entrypoint(),
                        InstallerContainers.environment(
                                managed.server().configuration().settings(), node)));
        boolean abandoned = false;
        try {
            Path root = managed.process().root();
            ensureDataDirectory(root, node);
            InstallerSpec spec = containers.build(
                    managed.server().configuration().settings(), node, script, root, scriptDirectory, reinstall);
            int exitCode = execute(managed, spec, log);
            LOG.info("server {}: installation script exited with code {}", uuid, exitCode);
        } catch (InterruptedException e) {
            abandoned = true;
            throw e;
        } catch (RuntimeException | IOException e) {
            throw new InstallFailedException("installation container failed: " + e.getMessage(), e);
        } finally {
            log.close();
            if (!abandoned) {
                deleteTree(scriptDirectory);
                removeQuietly(name);
            }
        }
    }

    private int execute(ManagedServer managed, InstallerSpec spec, InstallLog log) throws InterruptedException {
        runtime.createInstaller(spec);
        runtime.start(spec.name());
        managed.server().events().publish(ServerEvent.DAEMON_MESSAGE, STARTING_MESSAGE);
        InstallOutputSink sink =
                new InstallOutputSink(log, line -> managed.server().events().publish(ServerEvent.INSTALL_OUTPUT, line));
        ContainerOutput output = runtime.followOutput(spec.name(), sink);
        try {
            int exitCode = runtime.waitForExitCode(spec.name());
            awaitDrained(output);
            sink.finish();
            String line = exitCodeLine(exitCode);
            log.writeLine("");
            log.writeLine(line);
            managed.server().events().publish(ServerEvent.INSTALL_OUTPUT, line);
            return exitCode;
        } finally {
            output.close();
        }
    }

    private static void awaitDrained(ContainerOutput output) throws InterruptedException {
        try {
            output.ended().get(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("installer output did not end with the container: {}", e.toString());
        }
    }

    /** A server directory found missing is created 0700 and handed to the system user (spec §6.3). */
    private static void ensureDataDirectory(Path root, NodeConfig node) throws IOException {
        if (Files.isDirectory(root)) {
            return;
        }
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        try {
            Files.setAttribute(root, "unix:uid", node.system().user().uid());
            Files.setAttribute(root, "unix:gid", node.system().user().gid());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.warn("cannot hand {} to the system user: {}", root, e.getMessage());
        }
    }

    private void removeQuietly(String name) {
        try {
            runtime.remove(name, true);
        } catch (RuntimeException e) {
            LOG.warn("cannot remove installer container {}: {}", name, e.getMessage());
        }
    }

    static void deleteTree(Path directory) {
        try {
            OwnedDirectories.deleteTree(directory);
        } catch (IOException e) {
            LOG.warn("cannot remove the installer's temporary directory {}: {}", directory, e.getMessage());
        }
    }
}
