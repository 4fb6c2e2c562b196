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
 * socket, and every event encoded once — JSON, then UTF-8 — into the server's {@link FeedLog}, which
 * every socket reads from a position of its own. Each socket still applies its own token check and
 * permission filters as its writer takes the events, so a slow browser only loses its own messages;
 * only the work that is the same for every socket is shared, and the memory held for the slow ones
 * is bounded per server by the log's budget rather than per socket.
 */
final class ServerFeeds {
    // Entries a feed may hold for its slowest socket, whatever its budget in bytes.
    private static final int LOG_CAPACITY = 1 << 16;

    private final ObjectMapper mapper;
    private final long budgetBytes;
    // Keyed by the server object: a server deleted and created again under its uuid has a new bus.
    private final Map<Server, Feed> feeds = new IdentityHashMap<>();

    /** @param budgetBytes what one server's feed may hold for its slowest socket */
    ServerFeeds(ObjectMapper mapper, long budgetBytes) {
        this.mapper = mapper;
        this.budgetBytes = budgetBytes;
    }

    /** The socket gets the server's events from now on, each through {@code forwarder}. */
    synchronized void join(Server server, Outbox outbox, Outbox.Forwarder forwarder) {
        Feed feed = feeds.get(server);
        if (feed == null) {
            feed = new Feed();
            feeds.put(server, feed);
            outbox.follow(feed.log, forwarder);
            feed.members.add(outbox);
            feed.subscription = server.events().subscribeDirect(feed::deliver);
            return;
        }
        outbox.follow(feed.log, forwarder);
        feed.members.add(outbox);
    }

    /** The socket is gone; the last one to leave ends the server's subscription. */
    synchronized void leave(Server server, Outbox outbox) {
        outbox.unfollow();
        Feed feed = feeds.get(server);
        if (feed == null || !feed.members.remove(outbox) || !feed.members.isEmpty()) {
            return;
        }
        feeds.remove(server);
        feed.subscription.close();
    }

    private final class Feed {
        private final Set<Outbox> members = new CopyOnWriteArraySet<>();
        private final FeedLog log = new FeedLog(LOG_CAPACITY, budgetBytes, this::slowestReader);
        private EventBus.Subscription subscription;

        /**
         * On the publisher's thread (the console's delivery task, a status change, a stats tick):
         * encoding and appending never block, and no queue stands between the bus and the log where
         * a starved feed task could lose events for every socket at once.
         */
        private void deliver(ServerEvent event) {
            ByteBuffer wire = encode(event);
            synchronized (this) {
                // FeedLog takes one appender at a time; publishers on other threads wait their turn here.
                log.append(event, wire);
            }
            for (Outbox member : members) {
                member.feedAdvanced();
            }
        }

        private long slowestReader() {
            long slowest = Long.MAX_VALUE;
            for (Outbox member : members) {
                slowest = Math.min(slowest, member.position());
            }
            return slowest;
        }
    }

    /** The event as the message every socket without a filter of its own sends. */
    private ByteBuffer encode(ServerEvent event) {
        String data = event.data() == null ? "null" : event.data();
        byte[] bytes = ConsoleMessage.of(event.topic(), data).encode(mapper).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
}
