package dev.pinion.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.server.EventBus;
import dev.pinion.server.Server;
import dev.pinion.server.ServerEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Each server's events on their way to its authenticated console sockets (spec
 * websocket-sftp-activity.md §1.6): one subscription to the server's bus per server, not per
 * socket, and every event encoded once — JSON, then UTF-8 — for all of them. Each socket still
 * applies its own token check and permission filters and has its own bounded outbox, so a slow
 * browser only loses its own messages; only the work that is the same for every socket is shared.
 */
final class ServerFeeds {
    // Room for a burst of console lines while the sockets' outboxes take them; beyond it the bus drops.
    private static final int BUS_CAPACITY = 4096;

    private final ObjectMapper mapper;
    // Keyed by the server object: a server deleted and created again under its uuid has a new bus.
    private final Map<Server, Feed> feeds = new IdentityHashMap<>();

    ServerFeeds(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The connection gets the server's events from now on. */
    synchronized void join(Server server, ConsoleConnection connection) {
        Feed feed = feeds.get(server);
        if (feed == null) {
            feed = new Feed();
            feeds.put(server, feed);
            feed.members.add(connection);
            feed.subscription = server.events().subscribe(BUS_CAPACITY, feed::deliver);
            return;
        }
        feed.members.add(connection);
    }

    /** The connection is gone; the last one to leave ends the server's subscription. */
    synchronized void leave(Server server, ConsoleConnection connection) {
        Feed feed = feeds.get(server);
        if (feed == null || !feed.members.remove(connection) || !feed.members.isEmpty()) {
            return;
        }
        feeds.remove(server);
        feed.subscription.close();
    }

    private final class Feed {
        private final Set<ConsoleConnection> members = new CopyOnWriteArraySet<>();
        private EventBus.Subscription subscription;

        private void deliver(ServerEvent event) {
            ByteBuffer wire = encode(event);
            for (ConsoleConnection member : members) {
                member.onEvent(event, wire);
            }
        }
    }

    /** The event as the message every socket without a filter of its own sends. */
    private ByteBuffer encode(ServerEvent event) {
        String data = event.data() == null ? "null" : event.data();
        byte[] bytes = ConsoleMessage.of(event.topic(), data).encode(mapper).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
}
