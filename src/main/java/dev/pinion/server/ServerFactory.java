package dev.pinion.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.FilesystemSettings;
import dev.pinion.filesystem.GzipEngine;
import dev.pinion.filesystem.Ownership;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.ServerConfiguration;
import dev.pinion.server.configfiles.ConfigFileApplier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Builds a server and the parts that act on it from its Panel configuration: the one place that
 * knows how they are wired together. {@link ServerManager} only keeps what this builds.
 */
public final class ServerFactory {
    private final PanelClient panel;
    private final ContainerRuntime runtime;
    private final ConfigStore config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ExecutorService work;
    private final Executor compressionWorkers;
    private final Executor archiveWriters;
    private final GzipEngine gzip;
    private final ContainerSpecFactory specs = new ContainerSpecFactory();

    /**
     * @param work runs every server's background work: event delivery, disk walks, crash handling,
     *             stops that must not block their caller
     * @param compressionWorkers compresses archive blocks for every server's compress, backups and transfers
     * @param archiveWriters runs each of those archives' writer task (blocks in order to the target)
     * @param gzip the deflate implementation for those archives, chosen once at start
     */
    public ServerFactory(
            PanelClient panel,
            ContainerRuntime runtime,
            ConfigStore config,
            ObjectMapper mapper,
            Clock clock,
            ExecutorService work,
            Executor compressionWorkers,
            Executor archiveWriters,
            GzipEngine gzip) {
        this.compressionWorkers = compressionWorkers;
        this.archiveWriters = archiveWriters;
        this.gzip = gzip;
        this.panel = panel;
        this.runtime = runtime;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.work = work;
    }

    /** A server with its parts wired and its disk guard started. */
    public ManagedServer build(ServerConfiguration configuration) {
        Server server = new Server(configuration, work);
        ServerFilesystem filesystem = filesystem(configuration);
        Path root = filesystem.root();
        ServerConsole console = new ServerConsole(server, runtime, config);
        ResourceUsage usage = new ResourceUsage(
                server, runtime, mapper, () -> filesystem.diskUsage().usage(true), clock);
        ServerProcess process = new ServerProcess(server, console, usage, runtime, specs, config, root, clock);
        ServerSync sync = new ServerSync(server, process, panel, runtime, specs, config, filesystem, work);
        sync.applyToFilesystem(configuration);
        DiskSpaceGuard diskGuard = new DiskSpaceGuard(server, filesystem, console, process, work);
        PowerActions power = new PowerActions(
                server,
                process,
                new PreBoot(server, sync, console, config, new ConfigFileApplier(filesystem), filesystem),
                work);
        server.addStateListener(new CrashHandler(console, power, runtime, config, clock, work));
        diskGuard.start();
        return new ManagedServer(server, filesystem, console, usage, process, sync, power, diskGuard);
    }

    private ServerFilesystem filesystem(ServerConfiguration configuration) {
        var system = config.current().system();
        FilesystemSettings settings = FilesystemSettings.forServer(
                Path.of(system.data()),
                configuration.uuid(),
                configuration.settings().build().diskSpace() * 1024L * 1024L,
                Duration.ofSeconds(system.diskCheckInterval()),
                Ownership.ifRoot(system.user().uid(), system.user().gid()),
                gzipLevel(system.backups().compressionLevel()));
        ServerFilesystem filesystem = new ServerFilesystem(
                settings,
                Denylist.compile(configuration.settings().egg().fileDenylist()),
                clock,
                work,
                compressionWorkers,
                archiveWriters,
                gzip);
        filesystem.diskUsage().refreshInBackground();
        return filesystem;
    }

    /** Wings' {@code system.backups.compression_level} names as gzip levels (its archiver's mapping). */
    static int gzipLevel(String compressionLevel) {
        return switch (compressionLevel) {
            case "none" -> 0;
            case "best_compression" -> 9;
            default -> 1;
        };
    }
}
