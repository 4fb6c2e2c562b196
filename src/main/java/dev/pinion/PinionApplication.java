package dev.pinion;

import dev.pinion.activity.ActivityLog;
import dev.pinion.activity.ActivityShipper;
import dev.pinion.activity.ActivitySink;
import dev.pinion.activity.ActivityStore;
import dev.pinion.activity.ShippingLimits;
import dev.pinion.admin.FlushActivityTask;
import dev.pinion.admin.ResyncServersTask;
import dev.pinion.api.BackupsResource;
import dev.pinion.api.DeauthorizeUserResource;
import dev.pinion.api.FileBodyWriter;
import dev.pinion.api.FilesResource;
import dev.pinion.api.OpenApiDocument;
import dev.pinion.api.PowerResource;
import dev.pinion.api.PullResource;
import dev.pinion.api.ServerDetailsFastPath;
import dev.pinion.api.ServerTransferResource;
import dev.pinion.api.ServersResource;
import dev.pinion.api.ShownConfigurations;
import dev.pinion.api.SignedDownloadResource;
import dev.pinion.api.SignedUploadResource;
import dev.pinion.api.SystemFastPath;
import dev.pinion.api.SystemResource;
import dev.pinion.api.TransfersResource;
import dev.pinion.api.UploadSpool;
import dev.pinion.api.WebsocketDenyResource;
import dev.pinion.api.auth.NodeTokenAuthFilter;
import dev.pinion.api.auth.NodeTokenAuthenticator;
import dev.pinion.api.auth.RouteMissMapper;
import dev.pinion.api.errors.ApiExceptionMapper;
import dev.pinion.api.errors.FilesystemExceptionMapper;
import dev.pinion.api.errors.JsonBodyMapper;
import dev.pinion.api.errors.UnexpectedErrorMapper;
import dev.pinion.api.errors.ValidationMapper;
import dev.pinion.api.errors.WebApplicationExceptionMapper;
import dev.pinion.api.errors.WingsErrorHandler;
import dev.pinion.api.http.ClientAddressFilter;
import dev.pinion.api.http.CorsFilter;
import dev.pinion.api.http.JsonBodyLimit;
import dev.pinion.api.http.RequestIdFilter;
import dev.pinion.api.http.UnreadBodyDrain;
import dev.pinion.backup.BackupDirectory;
import dev.pinion.backup.BackupReporter;
import dev.pinion.backup.BackupRestorer;
import dev.pinion.backup.BackupSettings;
import dev.pinion.backup.Backups;
import dev.pinion.backup.S3PartUploader;
import dev.pinion.cli.ConfigureCommand;
import dev.pinion.cli.DiagnosticsCommand;
import dev.pinion.cli.PinionServerCommand;
import dev.pinion.concurrent.DaemonExecutors;
import dev.pinion.config.ConfigFileLocation;
import dev.pinion.config.ConfigFileWriter;
import dev.pinion.config.ConfigStore;
import dev.pinion.config.ConfigUpdater;
import dev.pinion.config.ConnectorLayout;
import dev.pinion.config.InvalidConfigurationException;
import dev.pinion.config.NodeConfig;
import dev.pinion.config.NodeConfigValidator;
import dev.pinion.config.NodeDirectories;
import dev.pinion.config.RequestLogLayout;
import dev.pinion.config.SystemUsers;
import dev.pinion.config.Timezones;
import dev.pinion.console.ConsoleSettings;
import dev.pinion.console.ConsoleWebSocket;
import dev.pinion.environment.HostFacts;
import dev.pinion.environment.docker.DockerClients;
import dev.pinion.environment.docker.DockerConnection;
import dev.pinion.environment.docker.DockerEngine;
import dev.pinion.environment.docker.DockerRuntime;
import dev.pinion.filesystem.GzipEngine;
import dev.pinion.health.DataDiskHealthCheck;
import dev.pinion.health.DockerHealthCheck;
import dev.pinion.health.PanelHealthCheck;
import dev.pinion.health.PanelReachability;
import dev.pinion.health.TransferHealthCheck;
import dev.pinion.metrics.ColdStartProbe;
import dev.pinion.metrics.EndpointMetricsFeature;
import dev.pinion.metrics.PrometheusEndpoint;
import dev.pinion.metrics.ServerMetrics;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelClientSettings;
import dev.pinion.panel.PanelCredentials;
import dev.pinion.panel.RetryClock;
import dev.pinion.pull.AddressPolicy;
import dev.pinion.pull.RemoteDownloads;
import dev.pinion.server.ServerFactory;
import dev.pinion.server.ServerInstaller;
import dev.pinion.server.ServerManager;
import dev.pinion.server.StatesFile;
import dev.pinion.server.install.ContainerInstaller;
import dev.pinion.sftp.FailedLoginLimiter;
import dev.pinion.sftp.PanelLogins;
import dev.pinion.sftp.SftpServer;
import dev.pinion.sftp.SftpSessions;
import dev.pinion.sftp.SftpSettings;
import dev.pinion.tokens.OneTimeTokens;
import dev.pinion.tokens.SignedUrlTokens;
import dev.pinion.tokens.TokenRevocations;
import dev.pinion.tokens.TokenVerifier;
import dev.pinion.transfer.ActiveTransfers;
import dev.pinion.transfer.IncomingTransfers;
import dev.pinion.transfer.OutgoingTransfers;
import dev.pinion.transfer.TransferMessages;
import dev.pinion.transfer.TransferSettings;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.slf4j.LoggerFactory;

/** Pinion's entry point: wires bundles, resources, filters, health checks and commands. */
public class PinionApplication extends Application<PinionConfiguration> {
    // The name Dropwizard's server factories give the API connectors ("admin" for the admin port).
    private static final String APPLICATION_CONNECTOR = "application";
    /** Archives written at once before further ones wait (backups are two at most; compress and transfers). */
    private static final int ARCHIVE_WRITERS = 32;

    private final ConfigFileLocation configFile = new ConfigFileLocation();

    public static void main(String[] args) throws Exception {
        new PinionApplication().run(args);
    }

    @Override
    public String getName() {
        return "pinion";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<PinionConfiguration> bootstrap) {
        bootstrap.addCommand(new PinionServerCommand<>(this));
        bootstrap.addCommand(new CheckCommand<>(this));
        bootstrap.addCommand(new ConfigureCommand());
        bootstrap.addCommand(new DiagnosticsCommand());
    }

    @Override
    public void initialize(Bootstrap<PinionConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(configFile);
        bootstrap.setObjectMapper(DaemonObjectMapper.create());
        // The JVM gauges (heap, threads, GC) the dashboards read; Application.run registers them
        // too, but an embedded start (tests, DropwizardTestSupport) would not. Registered once.
        bootstrap.registerMetrics();
        // Operators read metrics on the admin port (/metrics, /prometheus); the JMX copy Dropwizard
        // starts with them held an MBean for every metric, ten per server (~0.5 MiB of heap at 100).
        bootstrap.getJmxReporter().stop();
    }

    @Override
    public void run(PinionConfiguration configuration, Environment environment) throws Exception {
        NodeConfig node = checkedNodeConfig(configuration);
        wireHealth(configuration, environment);
        ConnectorLayout.apply(node, configuration.getServerFactory());
        RequestLogLayout.apply(node.system(), configuration.getServerFactory());
        NodeDirectories.create(node.system());

        // First, so they are drained last: everything below submits work to them until it stops.
        DaemonExecutors executors = wireExecutors(environment);
        ConfigStore config = new ConfigStore(node);
        // Created first: tokens issued before this moment are refused (Wings' boot-time rule).
        TokenRevocations revocations = new TokenRevocations(Clock.systemUTC());
        TokenVerifier tokens = new TokenVerifier(
                () -> config.current().token(),
                () -> config.current().pinion().allowUnscopedTokens(),
                Clock.systemUTC());
        String version = PinionVersion.current();

        String dockerHost = DockerClients.resolveHost(node.pinion().dockerHost(), System.getenv());
        var transport = DockerClients.transport(dockerHost);
        DockerEngine docker =
                new DockerEngine(DockerClients.client(dockerHost, transport), transport, environment.getObjectMapper());
        environment.lifecycle().manage(new DockerConnection(docker, transport, dockerHost, executors.work()));
        DockerRuntime runtime = new DockerRuntime(docker.client(), transport, environment.getObjectMapper(), executors);

        PanelClient panelClient = new PanelClient(
                new PanelClientSettings(
                        node.remote(),
                        Duration.ofSeconds(node.remoteQuery().timeout()),
                        node.remoteQuery().bootServersPerPage()),
                () -> new PanelCredentials(
                        config.current().tokenId(), config.current().token()),
                version);
        ServerInstaller installer = new ContainerInstaller(panelClient, runtime, config);
        GzipEngine gzip = GzipEngine.detect();
        LoggerFactory.getLogger(PinionApplication.class).info("Archives are compressed with {}", gzip.describe());
        ServerFactory serverFactory = new ServerFactory(
                panelClient,
                runtime,
                config,
                environment.getObjectMapper(),
                Clock.systemUTC(),
                executors.work(),
                compressionWorkers(environment),
                archiveWriters(environment),
                gzip);
        ServerManager servers = new ServerManager(
                panelClient,
                runtime,
                config,
                serverFactory,
                new StatesFile(Path.of(node.system().rootDirectory(), "states.json"), environment.getObjectMapper()),
                installer,
                Duration.ofSeconds(10),
                executors);
        environment.lifecycle().manage(servers);
        RemoteDownloads downloads = new RemoteDownloads(remoteDownloadPolicy(), executors.work(), executors.timers());
        servers.onDelete(downloads::cancelAll);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                downloads.cancelAll();
            }
        });

        ActivitySink activity = wireActivity(environment, config, panelClient);
        wireSftp(environment, config, servers, panelClient, revocations, activity);

        addEdgeFilters(environment, config);
        ConsoleWebSocket consoles = new ConsoleWebSocket(
                servers,
                tokens,
                revocations,
                config,
                environment.getObjectMapper(),
                ConsoleSettings.from(node.pinion().console()),
                executors,
                activity);
        consoles.register(environment);
        NodeTokenAuthenticator authenticator = new NodeTokenAuthenticator(config);
        registerErrorHandling(environment, config, authenticator);
        ShownConfigurations shownConfigurations = new ShownConfigurations();
        ConfigUpdater updater = new ConfigUpdater(
                config,
                configFile.path(),
                new ConfigFileWriter(),
                new NodeConfigValidator(),
                environment.getObjectMapper());
        SystemResource system = new SystemResource(version, HostFacts::read, docker, updater);
        installFastPaths(
                environment,
                new SystemFastPath(
                        APPLICATION_CONNECTOR,
                        config,
                        authenticator,
                        system::v1,
                        environment.getObjectMapper(),
                        environment.metrics()),
                new ServerDetailsFastPath(
                        APPLICATION_CONNECTOR,
                        servers,
                        config,
                        shownConfigurations,
                        authenticator,
                        environment.getObjectMapper(),
                        environment.metrics()));

        var jersey = environment.jersey();
        jersey.register(system);
        jersey.register(new ServersResource(servers, config, shownConfigurations));
        jersey.register(new PowerResource(servers));
        jersey.register(new FilesResource(servers, config));
        jersey.register(new PullResource(servers, config, downloads, node.api().disableRemoteDownload()));
        BackupDirectory backupDirectory = wireBackups(environment, config, servers, panelClient);
        jersey.register(new FileBodyWriter());
        UploadSpool uploadSpool = UploadSpool.create(
                Path.of(node.system().tmpDirectory()), node.pinion().minFreeDiskPercent());
        SignedUrlTokens signedUrls = new SignedUrlTokens(tokens, revocations);
        OneTimeTokens oneTimeTokens = new OneTimeTokens(Clock.systemUTC());
        jersey.register(new SignedDownloadResource(servers, signedUrls, oneTimeTokens, backupDirectory));
        jersey.register(new SignedUploadResource(
                servers, config, signedUrls, oneTimeTokens, uploadSpool, activity, Clock.systemUTC()));
        jersey.register(new WebsocketDenyResource(servers, revocations));
        jersey.register(new DeauthorizeUserResource(servers, revocations));
        wireTransfers(environment, config, servers, panelClient, tokens, executors);

        PanelReachability panel = new PanelReachability(
                config, panelClient, Duration.ofSeconds(30), Clock.systemUTC(), executors.timers());
        environment.lifecycle().manage(panel);
        environment.healthChecks().register("docker", new DockerHealthCheck(docker));
        environment.healthChecks().register("data-disk", new DataDiskHealthCheck(config));
        environment.healthChecks().register("panel", new PanelHealthCheck(panel));
        wireMetrics(environment, servers, consoles, downloads);
        wireOpenApi(environment, version);
        environment.admin().addTask(new ResyncServersTask(servers));
    }

    /** The OpenAPI document of every Jersey resource and the console WebSocket, on the admin port. */
    private static void wireOpenApi(Environment environment, String version) {
        environment
                .admin()
                .addServlet(
                        "openapi",
                        new OpenApiDocument(environment.jersey().getResourceConfig(), version, ConsoleWebSocket.PATH))
                .addMapping(OpenApiDocument.PATH);
    }

    /** Dropwizard's scheduled health checks (the {@code health:} section), answered on the admin port. */
    private void wireHealth(PinionConfiguration configuration, Environment environment) {
        configuration
                .health()
                .configure(
                        environment.lifecycle(),
                        environment.admin(),
                        environment.jersey(),
                        environment.health(),
                        environment.getObjectMapper(),
                        getName());
    }

    /** Per-server and node gauges, exported with the rest at /prometheus on the admin port. */
    private static void wireMetrics(
            Environment environment, ServerManager servers, ConsoleWebSocket consoles, RemoteDownloads downloads) {
        ServerMetrics perServer = new ServerMetrics(environment.metrics(), consoles.sockets()::count);
        servers.onAdd(perServer::add);
        servers.onDelete(perServer::remove);
        ServerMetrics.registerNodeGauges(
                environment.metrics(),
                servers::all,
                consoles.sockets()::count,
                uuid -> downloads.of(uuid).size());
        PrometheusEndpoint.register(environment.metrics(), environment.admin());
    }

    /**
     * The activity log (spec websocket-sftp-activity.md §3): the SQLite queue at
     * {@code <root_directory>/pinion-activity.db} and its shipper on a lifecycle scheduler.
     */
    private static ActivitySink wireActivity(Environment environment, ConfigStore config, PanelClient panelClient) {
        NodeConfig node = config.current();
        ActivityStore store = new ActivityStore(
                Path.of(node.system().rootDirectory(), "pinion-activity.db"),
                node.pinion().activity().maxQueued(),
                environment.getObjectMapper());
        // Managed objects stop in reverse order: the store closes after the shipper and its scheduler.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                store.close();
            }
        });
        ScheduledExecutorService scheduler = environment
                .lifecycle()
                .scheduledExecutorService("activity-shipper-%d")
                .threads(1)
                .build();
        ActivityShipper shipper = new ActivityShipper(
                store,
                panelClient,
                () -> {
                    NodeConfig current = config.current();
                    return new ShippingLimits(
                            Duration.ofSeconds(current.system().activitySendInterval()),
                            current.system().activitySendCount(),
                            current.pinion().activity().maxAttempts(),
                            Duration.ofSeconds(current.pinion().activity().maxBackoffSeconds()));
                },
                Clock.systemUTC(),
                scheduler);
        environment.lifecycle().manage(shipper);
        environment.admin().addTask(new FlushActivityTask(shipper));
        environment.metrics().gauge("activity.queued", () -> store::size);
        environment.metrics().gauge("activity.sent", () -> shipper::sentCount);
        environment.metrics().gauge("activity.dropped", () -> () -> shipper.droppedCount() + store.droppedForSpace());
        return new ActivityLog(store);
    }

    /**
     * The SFTP server (spec websocket-sftp-activity.md §2) on {@code system.sftp.bind_address:bind_port}:
     * Panel logins with a short cache, the per-address failed-login limiter, revocation on
     * deauthorize-user and on server deletion, channels served on a bounded lifecycle executor.
     */
    private static void wireSftp(
            Environment environment,
            ConfigStore config,
            ServerManager servers,
            PanelClient panelClient,
            TokenRevocations revocations,
            ActivitySink activity) {
        NodeConfig node = config.current();
        var sftp = node.system().sftp();
        var limits = node.pinion().sftp();
        SftpSettings settings = new SftpSettings(
                sftp.bindAddress(),
                sftp.bindPort(),
                sftp.readOnly(),
                sftp.keyOnly(),
                limits.failedLoginLimit(),
                Duration.ofSeconds(limits.failedLoginWindowSeconds()),
                Duration.ofSeconds(limits.banSeconds()),
                limits.maxTrackedAddresses(),
                Duration.ofSeconds(limits.authCacheSeconds()),
                limits.maxSessions());
        PanelLogins logins = new PanelLogins(panelClient, settings.authCacheTtl(), Clock.systemUTC());
        SftpSessions sessions = new SftpSessions(logins);
        revocations.addListener(sessions);
        environment.metrics().gauge("pinion.node.sftp_sessions", () -> sessions::size);
        servers.onDelete(uuid -> sessions.closeServer(uuid, "server deleted"));
        FailedLoginLimiter limiter = new FailedLoginLimiter(
                Clock.systemUTC(),
                settings.failedLoginLimit(),
                settings.failedLoginWindow(),
                settings.banFor(),
                settings.maxTrackedAddresses());
        ExecutorService channels = environment
                .lifecycle()
                .executorService("sftp-channel-%d")
                .minThreads(0)
                .maxThreads(settings.maxSessions())
                .workQueue(new SynchronousQueue<>())
                .threadFactory(Thread.ofVirtual().name("sftp-channel-", 0).factory())
                .build();
        ScheduledExecutorService sweeper = environment
                .lifecycle()
                .scheduledExecutorService("sftp-sweeper-%d")
                .threads(1)
                .build();
        environment
                .lifecycle()
                .manage(new SftpServer(
                        settings,
                        Path.of(node.system().data(), ".sftp", "id_ed25519"),
                        servers,
                        logins,
                        sessions,
                        limiter,
                        activity,
                        Clock.systemUTC(),
                        channels,
                        sweeper,
                        environment.metrics()));
    }

    /**
     * Backups and restores (spec files-backups-transfers.md §5): the bounded {@code backup-%d} executor
     * (two archives at a time, 64 waiting), the report retrier, the endpoints, recovery of what a killed
     * daemon left at start, and the backup metrics. Returns the backup directory /download/backup serves.
     */
    private static BackupDirectory wireBackups(
            Environment environment, ConfigStore config, ServerManager servers, PanelClient panelClient) {
        NodeConfig node = config.current();
        BackupDirectory directory = new BackupDirectory(Path.of(node.system().backupDirectory()));
        ExecutorService executor = environment
                .lifecycle()
                .executorService("backup-%d")
                .minThreads(2)
                .maxThreads(2)
                .workQueue(new ArrayBlockingQueue<>(64))
                .build();
        ScheduledExecutorService retries = environment
                .lifecycle()
                .scheduledExecutorService("backup-reports-%d")
                .threads(1)
                .build();
        BackupReporter reporter = new BackupReporter(
                panelClient,
                Path.of(node.system().rootDirectory(), "backup-reports"),
                environment.getObjectMapper(),
                retries,
                Duration.ofSeconds(30),
                Duration.ofMinutes(10));
        HttpClient s3 = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        Backups backups = new Backups(
                directory,
                reporter,
                panelClient,
                S3PartUploader.wings(s3),
                new BackupRestorer(directory, reporter, RetryClock.system(), Duration.ofMinutes(5)),
                executor,
                () -> new BackupSettings(
                        config.current().system().backups().writeLimit(),
                        config.current().system().backups().restoreHostAllowlist()),
                RetryClock.system(),
                environment.getObjectMapper());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() throws Exception {
                backups.recover();
            }
        });
        environment.jersey().register(new BackupsResource(servers, backups));
        var metrics = environment.metrics();
        metrics.registerGauge(
                "pinion.node.backups_running", () -> backups.progress().size());
        metrics.registerGauge("pinion.node.backup_bytes_written", backups::bytesWritten);
        metrics.registerGauge("pinion.node.backup_failures", backups::failures);
        metrics.registerGauge("pinion.node.backup_last_duration_ms", backups::lastDurationMillis);
        metrics.registerGauge(
                "pinion.node.backup_progress_bytes",
                () -> backups.progress().stream().mapToLong(p -> p.written()).sum());
        metrics.registerGauge(
                "pinion.node.backup_progress_total_bytes",
                () -> backups.progress().stream().mapToLong(p -> p.total()).sum());
        return directory;
    }

    /**
     * Server transfers both ways (spec files-backups-transfers.md §6): the pushes and arrivals run
     * on a bounded lifecycle executor; at shutdown every running transfer is failed and the Panel
     * told before that executor drains; the gauge, byte counters and stuck-transfer health check.
     */
    private static void wireTransfers(
            Environment environment,
            ConfigStore config,
            ServerManager servers,
            PanelClient panelClient,
            TokenVerifier tokens,
            DaemonExecutors executors) {
        var transferPool = environment
                .lifecycle()
                .executorService("transfer-%d")
                .minThreads(8)
                .maxThreads(8)
                .workQueue(new ArrayBlockingQueue<>(8))
                .build();
        ActiveTransfers active = new ActiveTransfers(Clock.systemUTC());
        TransferMessages messages = new TransferMessages(Clock.systemDefaultZone());
        HttpClient sender = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        OutgoingTransfers outgoing = new OutgoingTransfers(
                panelClient,
                sender,
                transferPool,
                executors.timers(),
                messages,
                active,
                TransferSettings.wings(
                        () -> config.current().system().transfers().downloadLimit()));
        IncomingTransfers incoming =
                new IncomingTransfers(servers, panelClient, tokens, transferPool, messages, active);
        // Registered after the executors, so stopped before them: the failures are reported while they still run.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                outgoing.failAll("Canceled: the daemon is shutting down.", Duration.ofSeconds(20));
                incoming.failAll(Duration.ofSeconds(20));
            }
        });
        environment.jersey().register(new ServerTransferResource(servers, outgoing));
        environment.jersey().register(new TransfersResource(incoming));
        var metrics = environment.metrics();
        metrics.registerGauge("transfers.active-transfers", active::count);
        // The same count under the node-gauge names operators and the Grafana dashboard read (README "Metrics").
        metrics.registerGauge("pinion.node.transfers_running", active::count);
        metrics.registerGauge("transfers.bytes-sent", active::bytesSent);
        metrics.registerGauge("transfers.bytes-received", active::bytesReceived);
        environment
                .healthChecks()
                .register(
                        "transfers",
                        new TransferHealthCheck(
                                active,
                                () -> Duration.ofSeconds(
                                        config.current().pinion().transferStallSeconds())));
    }

    /**
     * The daemon's executors, built through Dropwizard's lifecycle: bounded, named, with thread
     * metrics, and drained (up to {@link DaemonExecutors#SHUTDOWN_GRACE}) when the daemon stops.
     */
    private static DaemonExecutors wireExecutors(Environment environment) {
        var lifecycle = environment.lifecycle();
        io.dropwizard.util.Duration grace =
                io.dropwizard.util.Duration.milliseconds(DaemonExecutors.SHUTDOWN_GRACE.toMillis());
        ExecutorService work = lifecycle
                .executorService("pinion-work-%d", DaemonExecutors.workThreads("pinion-"))
                .minThreads(DaemonExecutors.WORK_THREADS)
                .maxThreads(DaemonExecutors.WORK_THREADS)
                .keepAliveTime(io.dropwizard.util.Duration.milliseconds(DaemonExecutors.WORK_KEEP_ALIVE.toMillis()))
                .allowCoreThreadTimeOut(true)
                .workQueue(new ArrayBlockingQueue<>(DaemonExecutors.WORK_QUEUE))
                .shutdownTime(grace)
                .build();
        ExecutorService dockerIo = lifecycle
                .executorService("pinion-docker-io-%d", DaemonExecutors.dockerIoThreads("pinion-"))
                .minThreads(DaemonExecutors.DOCKER_IO_THREADS)
                .maxThreads(DaemonExecutors.DOCKER_IO_THREADS)
                .keepAliveTime(
                        io.dropwizard.util.Duration.milliseconds(DaemonExecutors.DOCKER_IO_KEEP_ALIVE.toMillis()))
                .allowCoreThreadTimeOut(true)
                .workQueue(new ArrayBlockingQueue<>(DaemonExecutors.DOCKER_IO_QUEUE))
                .shutdownTime(grace)
                .build();
        ScheduledExecutorService timers = lifecycle
                .scheduledExecutorService("pinion-timer-%d", DaemonExecutors.timerThreads("pinion-"))
                .threads(DaemonExecutors.TIMER_THREADS)
                .removeOnCancelPolicy(true)
                .shutdownTime(grace)
                .build();
        return new DaemonExecutors(work, dockerIo, timers);
    }

    /** The node configuration, validated, with what Wings fills in at boot (time zone, system user). */
    private NodeConfig checkedNodeConfig(PinionConfiguration configuration) throws InvalidConfigurationException {
        String source = configFile.path().map(Path::toString).orElse("configuration");
        List<String> problems = new NodeConfigValidator().problems(configuration.node());
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(source, problems);
        }
        NodeConfig node = configuration.node();
        SystemUsers.Ids user = new SystemUsers().resolve(node.system());
        return node.withSystem(node.system()
                .withTimezone(new Timezones(System.getenv(), Path.of("/etc/timezone"))
                        .detect(node.system().timezone()))
                .withUserIds(user.uid(), user.gid()));
    }

    /** What runs in front of every request, in this order: request id, timing, CORS, client address. */
    private static void addEdgeFilters(Environment environment, ConfigStore config) {
        addFilter(environment, "request-id", new RequestIdFilter());
        addFilter(environment, "cold-start", new ColdStartProbe());
        addFilter(environment, "cors", new CorsFilter(config));
        addFilter(environment, "client-address", new ClientAddressFilter(config));
    }

    /**
     * Puts the fast paths, in the order given, in front of the servlet contexts, below Jetty's
     * graceful-shutdown handler (a stopping node refuses them like every other request) and the gzip
     * handler (their answers are encoded and carry {@code Vary} exactly as Jersey's): the handler tree
     * exists only once the server is built, so this happens as it starts.
     */
    private static void installFastPaths(Environment environment, Handler.Wrapper... fastPaths) {
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    Handler.Wrapper parent = null;
                    Handler current = server.getHandler();
                    while (current instanceof GracefulHandler || current instanceof GzipHandler) {
                        parent = (Handler.Wrapper) current;
                        current = parent.getHandler();
                    }
                    for (int i = fastPaths.length - 1; i >= 0; i--) {
                        fastPaths[i].setHandler(current);
                        current = fastPaths[i];
                    }
                    if (parent == null) {
                        server.setHandler(current);
                    } else {
                        parent.setHandler(current);
                    }
                }
            }
        });
    }

    /** Bearer auth, body limits and the mappers that answer every failure in the Wings body. */
    private static void registerErrorHandling(
            Environment environment, ConfigStore config, NodeTokenAuthenticator authenticator) {
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(new WingsErrorHandler());
                }
            }
        });
        var jersey = environment.jersey();
        jersey.register(new AuthDynamicFeature(new NodeTokenAuthFilter.Builder()
                .setAuthenticator(authenticator)
                .setPrefix("Bearer")
                .setRealm("pinion")
                .buildAuthFilter()));
        jersey.register(new EndpointMetricsFeature(environment.metrics()));
        jersey.register(new JsonBodyLimit(config));
        jersey.register(new UnreadBodyDrain());
        jersey.register(MultiPartFeature.class);
        jersey.register(new ApiExceptionMapper());
        jersey.register(new FilesystemExceptionMapper());
        jersey.register(new RouteMissMapper(authenticator));
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new JsonBodyMapper());
        jersey.register(new ValidationMapper());
        jersey.register(new UnexpectedErrorMapper());
    }

    /**
     * The pool that deflates archive blocks (compress, backups, transfers) in parallel: one thread per core,
     * as pigz; archives running at once share it, each with a bounded number of blocks queued.
     */
    private static ExecutorService compressionWorkers(Environment environment) {
        int cores = Runtime.getRuntime().availableProcessors();
        return environment
                .lifecycle()
                .executorService("gzip-%d")
                .minThreads(cores)
                .maxThreads(cores)
                .shutdownTime(io.dropwizard.util.Duration.seconds(5))
                .build();
    }

    /**
     * The threads that write each archive's compressed blocks in order (one per archive being written,
     * for as long as it lasts): platform threads, so each keeps its cached direct buffer for the file
     * writes; bounded, further archives wait their turn; drained at shutdown like the gzip workers.
     */
    private static ExecutorService archiveWriters(Environment environment) {
        return environment
                .lifecycle()
                .executorService("archive-writer-%d")
                .minThreads(ARCHIVE_WRITERS)
                .maxThreads(ARCHIVE_WRITERS)
                .allowCoreThreadTimeOut(true)
                .keepAliveTime(io.dropwizard.util.Duration.seconds(60))
                .shutdownTime(io.dropwizard.util.Duration.seconds(5))
                .build();
    }

    /** The addresses remote pulls may never reach; tests override it to reach a loopback file server. */
    protected AddressPolicy remoteDownloadPolicy() {
        return AddressPolicy.wings();
    }

    private static void addFilter(Environment environment, String name, Filter filter) {
        environment
                .servlets()
                .addFilter(name, filter)
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    }
}
