package dev.pinion;

import dev.pinion.activity.ActivityLog;
import dev.pinion.activity.ActivityShipper;
import dev.pinion.activity.ActivitySink;
import dev.pinion.activity.ActivityStore;
import dev.pinion.activity.ShippingLimits;
import dev.pinion.api.FilesResource;
import dev.pinion.api.DeauthorizeUserResource;
import dev.pinion.api.PowerResource;
import dev.pinion.api.PullResource;
import dev.pinion.api.SignedUrlResource;
import dev.pinion.api.ServersResource;
import dev.pinion.api.SystemResource;
import dev.pinion.api.WebsocketDenyResource;
import dev.pinion.api.auth.NodeTokenAuthFilter;
import dev.pinion.api.auth.NodeTokenAuthenticator;
import dev.pinion.api.auth.RouteMissMapper;
import dev.pinion.api.errors.ApiExceptionMapper;
import dev.pinion.api.errors.ClientAddressFilter;
import dev.pinion.api.errors.UnreadBodyDrain;
import dev.pinion.api.errors.CorsFilter;
import dev.pinion.api.errors.FilesystemExceptionMapper;
import dev.pinion.api.errors.JsonBodyLimit;
import dev.pinion.api.errors.JsonBodyMapper;
import dev.pinion.api.errors.RequestIdFilter;
import dev.pinion.api.errors.UnexpectedErrorMapper;
import dev.pinion.api.errors.ValidationMapper;
import dev.pinion.api.errors.WebApplicationExceptionMapper;
import dev.pinion.api.errors.WingsErrorHandler;
import dev.pinion.cli.PinionServerCommand;
import dev.pinion.config.ConfigFileLocation;
import dev.pinion.config.ConfigFileWriter;
import dev.pinion.config.ConfigStore;
import dev.pinion.config.ConfigUpdater;
import dev.pinion.config.ConnectorLayout;
import dev.pinion.config.InvalidConfigurationException;
import dev.pinion.config.NodeConfig;
import dev.pinion.config.NodeConfigValidator;
import dev.pinion.config.NodeDirectories;
import dev.pinion.config.SystemUsers;
import dev.pinion.config.Timezones;
import dev.pinion.console.ConsoleSettings;
import dev.pinion.console.ConsoleWebSocket;
import dev.pinion.environment.HostFacts;
import dev.pinion.environment.docker.DockerClients;
import dev.pinion.environment.docker.DockerConnection;
import dev.pinion.environment.docker.DockerEngine;
import dev.pinion.environment.docker.DockerRuntime;
import dev.pinion.health.DataDiskHealthCheck;
import dev.pinion.health.DockerHealthCheck;
import dev.pinion.health.PanelHealthCheck;
import dev.pinion.health.PanelReachability;
import dev.pinion.metrics.ColdStartProbe;
import dev.pinion.metrics.EndpointMetricsFeature;
import dev.pinion.metrics.PrometheusEndpoint;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelClientSettings;
import dev.pinion.panel.PanelCredentials;
import dev.pinion.server.ServerInstaller;
import dev.pinion.sftp.FailedLoginLimiter;
import dev.pinion.sftp.PanelLogins;
import dev.pinion.sftp.SftpServer;
import dev.pinion.sftp.SftpSessions;
import dev.pinion.sftp.SftpSettings;
import dev.pinion.server.ServerManager;
import dev.pinion.server.install.ContainerInstaller;
import dev.pinion.server.StatesFile;
import dev.pinion.pull.AddressPolicy;
import dev.pinion.pull.RemoteDownloads;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import dev.pinion.tokens.OneTimeTokens;
import dev.pinion.tokens.SignedUrlTokens;
import dev.pinion.tokens.TokenRevocations;
import dev.pinion.tokens.TokenVerifier;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.lifecycle.Managed;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;

/** Pinion's entry point: wires bundles, resources, filters, health checks and commands. */
public class PinionApplication extends Application<PinionConfiguration> {
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
    }

    @Override
    public void initialize(Bootstrap<PinionConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(configFile);
    }

    @Override
    public void run(PinionConfiguration configuration, Environment environment) throws Exception {
        NodeConfig node = checkedNodeConfig(configuration);
        ConnectorLayout.apply(node, configuration.getServerFactory());
        NodeDirectories.create(node.system());

        ConfigStore config = new ConfigStore(node);
        // Created first: tokens issued before this moment are refused (Wings' boot-time rule).
        TokenRevocations revocations = new TokenRevocations(Clock.systemUTC());
        TokenVerifier tokens = new TokenVerifier(() -> config.current().token(),
                () -> config.current().pinion().allowUnscopedTokens(), Clock.systemUTC());
        String version = PinionVersion.current();

        String dockerHost = DockerClients.resolveHost(node.pinion().dockerHost(), System.getenv());
        var transport = DockerClients.transport(dockerHost);
        DockerEngine docker = new DockerEngine(DockerClients.client(dockerHost, transport), transport,
                environment.getObjectMapper());
        environment.lifecycle().manage(new DockerConnection(docker, transport, dockerHost));
        DockerRuntime runtime = new DockerRuntime(docker.client(), transport, environment.getObjectMapper());

        PanelClient panelClient = new PanelClient(new PanelClientSettings(node.remote(),
                Duration.ofSeconds(node.remoteQuery().timeout()), node.remoteQuery().bootServersPerPage()),
                () -> new PanelCredentials(config.current().tokenId(), config.current().token()), version);
        ServerInstaller installer = new ContainerInstaller(panelClient, runtime, config);
        ServerManager servers = new ServerManager(panelClient, runtime, config, environment.getObjectMapper(),
                new StatesFile(Path.of(node.system().rootDirectory(), "states.json"), environment.getObjectMapper()),
                installer, Duration.ofSeconds(10));
        environment.lifecycle().manage(servers);
        RemoteDownloads downloads = new RemoteDownloads(remoteDownloadPolicy());
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
        new ConsoleWebSocket(servers, tokens, revocations, config, environment.getObjectMapper(),
                ConsoleSettings.fromSystemProperties(), activity).register(environment);
        NodeTokenAuthenticator authenticator = new NodeTokenAuthenticator(config);
        registerErrorHandling(environment, config, authenticator);

        var jersey = environment.jersey();
        ConfigUpdater updater = new ConfigUpdater(config, configFile.path(), new ConfigFileWriter(),
                new NodeConfigValidator(), environment.getObjectMapper());
        jersey.register(new SystemResource(version, HostFacts::read, docker, updater));
        jersey.register(new ServersResource(servers, installer, config));
        jersey.register(new PowerResource(servers));
        jersey.register(new FilesResource(servers, config));
        jersey.register(new PullResource(servers, config, downloads, node.api().disableRemoteDownload()));
        jersey.register(new SignedUrlResource(servers, config, new SignedUrlTokens(tokens, revocations),
                new OneTimeTokens(Clock.systemUTC()), activity, Clock.systemUTC()));
        jersey.register(new WebsocketDenyResource(servers, revocations));
        jersey.register(new DeauthorizeUserResource(servers, revocations));

        PanelReachability panel = new PanelReachability(config, HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(30),
                "Pterodactyl Wings/v" + version + " (id:" + node.tokenId() + ")");
        environment.lifecycle().manage(panel);
        environment.healthChecks().register("docker", new DockerHealthCheck(docker));
        environment.healthChecks().register("data-disk", new DataDiskHealthCheck(config));
        environment.healthChecks().register("panel", new PanelHealthCheck(panel));
        PrometheusEndpoint.register(environment.metrics(), environment.admin());
    }

    /**
     * The activity log (spec websocket-sftp-activity.md §3): the SQLite queue at
     * {@code <root_directory>/pinion-activity.db} and its shipper on a lifecycle scheduler.
     */
    private static ActivitySink wireActivity(Environment environment, ConfigStore config, PanelClient panelClient) {
        NodeConfig node = config.current();
        ActivityStore store = new ActivityStore(Path.of(node.system().rootDirectory(), "pinion-activity.db"),
                node.pinion().activity().maxQueued(), environment.getObjectMapper());
        // Managed objects stop in reverse order: the store closes after the shipper and its scheduler.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                store.close();
            }
        });
        ScheduledExecutorService scheduler = environment.lifecycle()
                .scheduledExecutorService("activity-shipper-%d").threads(1).build();
        ActivityShipper shipper = new ActivityShipper(store, panelClient, () -> {
            NodeConfig current = config.current();
            return new ShippingLimits(Duration.ofSeconds(current.system().activitySendInterval()),
                    current.system().activitySendCount(), current.pinion().activity().maxAttempts(),
                    Duration.ofSeconds(current.pinion().activity().maxBackoffSeconds()));
        }, Clock.systemUTC(), scheduler);
        environment.lifecycle().manage(shipper);
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
    private static void wireSftp(Environment environment, ConfigStore config, ServerManager servers,
                                 PanelClient panelClient, TokenRevocations revocations, ActivitySink activity) {
        NodeConfig node = config.current();
        var sftp = node.system().sftp();
        var limits = node.pinion().sftp();
        SftpSettings settings = new SftpSettings(sftp.bindAddress(), sftp.bindPort(), sftp.readOnly(), sftp.keyOnly(),
                limits.failedLoginLimit(), Duration.ofSeconds(limits.failedLoginWindowSeconds()),
                Duration.ofSeconds(limits.banSeconds()), limits.maxTrackedAddresses(),
                Duration.ofSeconds(limits.authCacheSeconds()), limits.maxSessions());
        PanelLogins logins = new PanelLogins(panelClient, settings.authCacheTtl(), Clock.systemUTC());
        SftpSessions sessions = new SftpSessions(logins);
        revocations.addListener(sessions);
        servers.onDelete(uuid -> sessions.closeServer(uuid, "server deleted"));
        FailedLoginLimiter limiter = new FailedLoginLimiter(Clock.systemUTC(), settings.failedLoginLimit(),
                settings.failedLoginWindow(), settings.banFor(), settings.maxTrackedAddresses());
        ExecutorService channels = environment.lifecycle().executorService("sftp-channel-%d")
                .minThreads(0).maxThreads(settings.maxSessions()).workQueue(new SynchronousQueue<>())
                .threadFactory(Thread.ofVirtual().name("sftp-channel-", 0).factory())
                .build();
        ScheduledExecutorService sweeper = environment.lifecycle()
                .scheduledExecutorService("sftp-sweeper-%d").threads(1).build();
        environment.lifecycle().manage(new SftpServer(settings, Path.of(node.system().data(), ".sftp", "id_ed25519"),
                servers, logins, sessions, limiter, activity, Clock.systemUTC(), channels, sweeper,
                environment.metrics()));
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
                .withTimezone(new Timezones(System.getenv(), Path.of("/etc/timezone")).detect(node.system().timezone()))
                .withUserIds(user.uid(), user.gid()));
    }

    /** What runs in front of every request, in this order: request id, timing, CORS, client address. */
    private static void addEdgeFilters(Environment environment, ConfigStore config) {
        addFilter(environment, "request-id", new RequestIdFilter());
        addFilter(environment, "cold-start", new ColdStartProbe());
        addFilter(environment, "cors", new CorsFilter(config));
        addFilter(environment, "client-address", new ClientAddressFilter(config));
    }

    /** Bearer auth, body limits and the mappers that answer every failure in the Wings body. */
    private static void registerErrorHandling(Environment environment, ConfigStore config,
                                              NodeTokenAuthenticator authenticator) {
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
                .setAuthenticator(authenticator).setPrefix("Bearer").setRealm("pinion").buildAuthFilter()));
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

    /** The addresses remote pulls may never reach; tests override it to reach a loopback file server. */
    protected AddressPolicy remoteDownloadPolicy() {
        return AddressPolicy.wings();
    }

    private static void addFilter(Environment environment, String name, Filter filter) {
        environment.servlets().addFilter(name, filter)
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    }
}
