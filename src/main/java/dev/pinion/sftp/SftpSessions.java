package dev.pinion.sftp;

import dev.pinion.tokens.TokenRevocations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open, authenticated SFTP connections by identity, so revocation can close them at once (spec
 * websocket-sftp-activity.md §2.5 fork additions; GHSA-hr7j-63v7-vj7g, CVE-2025-68954):
 * {@code deauthorize-user} closes that user's connections (on the listed servers, or all), and a server
 * deleted or suspended closes its connections. Cached Panel answers for them are forgotten too.
 */
public final class SftpSessions implements TokenRevocations.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SftpSessions.class);

    private final Map<ServerSession, SftpIdentity> open = new ConcurrentHashMap<>();
    private final PanelLogins logins;

    public SftpSessions(PanelLogins logins) {
        this.logins = logins;
    }

    void add(ServerSession session, SftpIdentity identity) {
        open.put(session, identity);
    }

    void remove(ServerSession session) {
        open.remove(session);
    }

    /** How many authenticated connections are open. */
    public int size() {
        return open.size();
    }

    /** The identities of the open connections (for tests and diagnostics). */
    public List<SftpIdentity> identities() {
        return List.copyOf(open.values());
    }

    @Override
    public void jtiDenied(String jti) {
        // A WebSocket token's jti has nothing to do with SFTP logins.
    }

    @Override
    public void userDeauthorized(String userUuid, List<String> servers) {
        logins.forgetUser(userUuid);
        closeWhere(
                identity ->
                        identity.user().equals(userUuid) && (servers.isEmpty() || servers.contains(identity.server())),
                "user deauthorized");
    }

    /** Closes every connection to this server (deleted, suspended). */
    public void closeServer(String serverUuid, String why) {
        logins.forgetServer(serverUuid);
        closeWhere(identity -> identity.server().equals(serverUuid), why);
    }

    /**
     * Closes connections whose server no longer passes {@code stillServed} (the suspension sweep), and
     * forgets the Panel's cached answers for those servers.
     */
    public void closeUnless(Predicate<String> stillServed, String why) {
        open.values().stream()
                .map(SftpIdentity::server)
                .distinct()
                .filter(server -> !stillServed.test(server))
                .forEach(server -> closeServer(server, why));
    }

    private void closeWhere(Predicate<SftpIdentity> which, String why) {
        open.forEach((session, identity) -> {
            if (which.test(identity)) {
                LOG.info(
                        "sftp: closing the connection of user {} to server {} from {}: {}",
                        identity.user(),
                        identity.server(),
                        identity.ip(),
                        why);
                open.remove(session);
                session.close(true);
            }
        });
    }
}
