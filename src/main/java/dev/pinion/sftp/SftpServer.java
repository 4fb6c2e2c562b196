package dev.pinion.sftp;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.pinion.activity.ActivitySink;
import dev.pinion.panel.SftpAuthRequest;
import dev.pinion.panel.SftpAuthResponse;
import dev.pinion.server.ServerManager;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in SFTP server (spec websocket-sftp-activity.md §2) on Apache MINA SSHD, started and stopped
 * with the daemon. Wings' SSH parameters (KEX, ciphers, MACs, an Ed25519 host key only, password and
 * public key only, 6 auth tries), only {@code session} channels with the {@code sftp} subsystem (no
 * shell, exec, forwarding or global requests), logins checked with the Panel ({@link PanelLogins}),
 * failed logins limited per address ({@link FailedLoginLimiter}), and connections tracked for
 * revocation ({@link SftpSessions}). MINA runs its own IO threads; SFTP channels are served on the
 * session executor handed in.
 */
public final class SftpServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(SftpServer.class);
    private static final AttributeRepository.AttributeKey<SftpIdentity> CANDIDATE =
            new AttributeRepository.AttributeKey<>();
    private static final AttributeRepository.AttributeKey<SftpIdentity> IDENTITY =
            new AttributeRepository.AttributeKey<>();
    private static final AttributeRepository.AttributeKey<Boolean> FAILURE_COUNTED =
            new AttributeRepository.AttributeKey<>();

    /** Bytes (and, over chacha20's 8-byte blocks, blocks) after which the server starts a key re-exchange. */
    private static final long REKEY_BYTES = 512L * 1024 * 1024;

    private final SftpSettings settings;
    private final Path hostKeyFile;
    private final ServerManager servers;
    private final PanelLogins logins;
    private final SftpSessions sessions;
    private final FailedLoginLimiter limiter;
    private final ActivitySink activity;
    private final Clock clock;
    private final ExecutorService channelExecutor;
    private final ScheduledExecutorService sweeper;
    private final Meter failedLogins;
    private final Meter refusedBanned;
    private final Meter logins0k;
    private SshServer sshd;

    public SftpServer(
            SftpSettings settings,
            Path hostKeyFile,
            ServerManager servers,
            PanelLogins logins,
            SftpSessions sessions,
            FailedLoginLimiter limiter,
            ActivitySink activity,
            Clock clock,
            ExecutorService channelExecutor,
            ScheduledExecutorService sweeper,
            MetricRegistry metrics) {
        this.settings = settings;
        this.hostKeyFile = hostKeyFile;
        this.servers = servers;
        this.logins = logins;
        this.sessions = sessions;
        this.limiter = limiter;
        this.activity = activity;
        this.clock = clock;
        this.channelExecutor = channelExecutor;
        this.sweeper = sweeper;
        this.failedLogins = metrics.meter("sftp.logins.failed");
        this.refusedBanned = metrics.meter("sftp.connections.refused-banned");
        this.logins0k = metrics.meter("sftp.logins.succeeded");
        metrics.gauge("sftp.banned-addresses", () -> limiter::bannedCount);
        metrics.gauge("sftp.sessions", () -> sessions::size);
    }

    @Override
    public void start() throws IOException {
        KeyPair hostKey = HostKey.loadOrCreate(hostKeyFile);
        SshServer server = ServerBuilder.builder()
                .keyExchangeFactories(NamedFactory.setUpTransformedFactories(
                        false,
                        List.of(
                                BuiltinDHFactories.curve25519,
                                BuiltinDHFactories.curve25519_libssh,
                                BuiltinDHFactories.ecdhp256,
                                BuiltinDHFactories.ecdhp384,
                                BuiltinDHFactories.ecdhp521,
                                BuiltinDHFactories.dhg14_256),
                        ServerBuilder.DH2KEX))
                .cipherFactories(List.<NamedFactory<Cipher>>of(
                        BuiltinCiphers.aes128gcm,
                        // OpenSSH clients pick chacha20 first: the JDK-intrinsic keystream keeps uploads fast.
                        JdkChaCha20Poly1305.FACTORY,
                        BuiltinCiphers.aes128ctr,
                        BuiltinCiphers.aes192ctr,
                        BuiltinCiphers.aes256ctr))
                .macFactories(List.<NamedFactory<Mac>>of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha256))
                .build();
        server.setHost(settings.bindAddress());
        server.setPort(settings.bindPort());
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        server.setPasswordAuthenticator(this::passwordLogin);
        server.setPublickeyAuthenticator(this::publicKeyLogin);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setGlobalRequestHandlers(List.of());
        server.setShellFactory(null);
        server.setCommandFactory(null);
        server.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return "sftp";
            }

            @Override
            public Command createSubsystem(ChannelSession channel) {
                ServerSession session = channel.getServerSession();
                return new SftpChannel(c -> operationsFor(session), channelExecutor, clock);
            }
        }));
        // Re-keying: MINA 2.20 loses the session when both sides start a key exchange at once while the
        // server's side starts from a channel thread (seen at 1 GiB: "this.kex is null", "X25519 not
        // initialised"). OpenSSH clients re-key chacha20-poly1305 after 1 GiB, exactly MINA's default, so
        // every long transfer raced. The server re-keys first, at half that (also within RFC 4253 §9's
        // "each gigabyte"); a key exchange the server starts alone is safe.
        CoreModuleProperties.REKEY_BYTES_LIMIT.set(server, REKEY_BYTES);
        CoreModuleProperties.REKEY_BLOCKS_LIMIT.set(server, REKEY_BYTES / 8);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, 6);
        // Wings never times out an idle session; MINA's default is 10 minutes.
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
        // A client that stalls before logging in is dropped (Wings waits forever; this bounds memory).
        CoreModuleProperties.AUTH_TIMEOUT.set(server, Duration.ofSeconds(60));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                // A banned address is dropped before key exchange: it costs one accept and nothing else.
                // (Refusing in MINA's accept listener leaves the socket open and the client hanging.)
                InetAddress address = address(session.getRemoteAddress());
                if (address != null && limiter.isBanned(address)) {
                    refusedBanned.mark();
                    session.close(true);
                }
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated && session instanceof ServerSession serverSession) {
                    authenticated(serverSession);
                }
            }

            @Override
            public void sessionClosed(Session session) {
                if (session instanceof ServerSession serverSession) {
                    closed(serverSession);
                }
            }
        });
        server.start();
        sshd = server;
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        LOG.info("sftp server listening on {}:{}", settings.bindAddress(), port());
    }

    @Override
    public void stop() throws IOException {
        if (sshd != null) {
            sshd.stop(true);
            sshd = null;
        }
    }

    /** The port actually bound (the configured one, or the kernel's pick for 0). */
    public int port() {
        return sshd == null ? -1 : sshd.getPort();
    }

    /** The open connections, for revocation and tests. */
    public SftpSessions sessions() {
        return sessions;
    }

    private boolean passwordLogin(String username, String password, ServerSession session) {
        if (settings.keyOnly()) {
            // fork: key_only refuses passwords without asking the Panel
            countFailure(session);
            return false;
        }
        return login(SftpAuthRequest.PASSWORD, username, password, session, true);
    }

    /**
     * MINA calls this for the key query and again once the signature is verified. The Panel's answer is
     * cached per credentials ({@link PanelLogins}), and only the identity of the method that finally
     * succeeds is used ({@link #authenticated}), so a key the client never proved gives nothing.
     */
    private boolean publicKeyLogin(String username, PublicKey key, ServerSession session) {
        String authorizedKey = PublicKeyEntry.toString(key) + "\n";
        // Clients offer several keys; an unknown key is not a failed login (the connection is, if it ends
        // unauthenticated).
        return login(SftpAuthRequest.PUBLIC_KEY, username, authorizedKey, session, false);
    }

    private boolean login(String type, String username, String secret, ServerSession session, boolean countRefusal) {
        InetAddress address = address(session.getClientAddress());
        if (address != null && limiter.isBanned(address)) {
            refusedBanned.mark();
            return false;
        }
        String ip = hostPort(session.getClientAddress());
        PanelLogins.Outcome outcome = logins.check(
                type,
                username,
                secret,
                ip,
                session.getSessionId(),
                String.valueOf(session.getClientVersion()).getBytes(StandardCharsets.UTF_8));
        if (outcome.accepted().isEmpty()) {
            if (outcome.refused() && countRefusal) {
                countFailure(session);
            }
            return false;
        }
        SftpAuthResponse response = outcome.accepted().get();
        if (!serves(response.server())) {
            // Suspended (or gone) here even if the Panel, or its cached answer, still says yes: no session
            // is opened (beyond Wings, which opens it and then refuses every request). Not a failed login.
            LOG.info(
                    "sftp: login of {} refused: server {} is suspended or not on this node",
                    username,
                    response.server());
            return false;
        }
        session.setAttribute(
                CANDIDATE, new SftpIdentity(response.user(), response.server(), response.permissions(), ip));
        return true;
    }

    private void authenticated(ServerSession session) {
        SftpIdentity identity = session.getAttribute(CANDIDATE);
        if (identity == null) {
            session.close(true);
            return;
        }
        session.setAttribute(IDENTITY, identity);
        sessions.add(session, identity);
        logins0k.mark();
    }

    private void closed(ServerSession session) {
        sessions.remove(session);
        if (session.getAttribute(IDENTITY) == null
                && session.getAttribute(CANDIDATE) == null
                && session.getAttribute(FAILURE_COUNTED) == null
                && session.getUsername() != null) {
            // Tried to log in (a user name was sent) and never got in: one failure for the address.
            countFailure(session);
        }
    }

    private void countFailure(ServerSession session) {
        session.setAttribute(FAILURE_COUNTED, Boolean.TRUE);
        failedLogins.mark();
        InetAddress address = address(session.getClientAddress());
        if (address != null && limiter.recordFailure(address)) {
            LOG.warn("sftp: {} banned after repeated failed logins", address.getHostAddress());
            session.close(true);
        }
    }

    private SftpOperations operationsFor(ServerSession session) {
        SftpIdentity identity = session.getAttribute(IDENTITY);
        if (identity == null || servers.get(identity.server()).isEmpty()) {
            return null;
        }
        return new SftpOperations(servers, identity, settings.readOnly(), activity, clock);
    }

    /** Closes connections to servers deleted or suspended meanwhile (each request is refused already). */
    private void sweep() {
        try {
            sessions.closeUnless(this::serves, "server suspended or deleted");
        } catch (RuntimeException e) {
            LOG.warn("sftp: session sweep failed: {}", e.getMessage());
        }
    }

    /** True while the server is on this node and not suspended. */
    private boolean serves(String serverUuid) {
        return servers.get(serverUuid).map(m -> !m.server().isSuspended()).orElse(false);
    }

    private static InetAddress address(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /** Go's {@code host:port}, IPv6 in brackets. */
    private static String hostPort(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(address);
        }
        String host = inet.getAddress().getHostAddress();
        int percent = host.indexOf('%');
        if (percent >= 0) {
            host = host.substring(0, percent);
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
}
