package dev.pinion.console;

import com.codahale.metrics.Counter;
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
    // Room for a burst of console lines while the feed encodes them; beyond it the bus drops.
    private static final int BUS_CAPACITY = 4096;
    // Entries a feed may hold for its slowest socket, whatever its budget in bytes.
    private static final int LOG_CAPACITY = 1 << 16;

    private final ObjectMapper mapper;
    private final long budgetBytes;
    private final Counter droppedOnBus;
    // Keyed by the server object: a server deleted and created again under its uuid has a new bus.
    private final Map<Server, Feed> feeds = new IdentityHashMap<>();

    /**
     * @param budgetBytes  what one server's feed may hold for its slowest socket
     * @param droppedOnBus counts events lost before they were encoded (the feed itself fell behind)
     */
    ServerFeeds(ObjectMapper mapper, long budgetBytes, Counter droppedOnBus) {
        this.mapper = mapper;
        this.budgetBytes = budgetBytes;
        this.droppedOnBus = droppedOnBus;
    }

    /** The socket gets the server's events from now on, each through {@code forwarder}. */
    synchronized void join(Server server, Outbox outbox, Outbox.Forwarder forwarder) {
        Feed feed = feeds.get(server);
        if (feed == null) {
            feed = new Feed();
            feeds.put(server, feed);
            outbox.follow(feed.log, forwarder);
            feed.members.add(outbox);
            feed.subscription = server.events().subscribe(BUS_CAPACITY, feed::deliver);
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
        private volatile EventBus.Subscription subscription;
        private long busDropped;

        private void deliver(ServerEvent event) {
            log.append(event, encode(event));
            for (Outbox member : members) {
                member.feedAdvanced();
            }
            long lost = subscription == null ? 0 : subscription.dropped();
            if (lost > busDropped) {
                droppedOnBus.inc(lost - busDropped);
                busDropped = lost;
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
