package dev.pinion.server.install;

import dev.pinion.server.EventBus;
import dev.pinion.server.ServerEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event published on a server's bus, for assertions. */
final class EventRecorder implements AutoCloseable {
    private final List<ServerEvent> events = new CopyOnWriteArrayList<>();
    private final EventBus.Subscription subscription;

    EventRecorder(EventBus bus) {
        subscription = bus.subscribe(100_000, events::add);
    }

    List<ServerEvent> all() {
        return List.copyOf(events);
    }

    List<String> data(String topic) {
        return events.stream()
                .filter(e -> e.topic().equals(topic))
                .map(ServerEvent::data)
                .toList();
    }

    List<String> topics() {
        return events.stream().map(ServerEvent::topic).toList();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
