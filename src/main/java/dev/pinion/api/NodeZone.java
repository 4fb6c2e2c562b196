package dev.pinion.api;

import dev.pinion.config.ConfigStore;
import java.time.DateTimeException;
import java.time.ZoneId;

/** The zone Wings formats file times in: the node's configured timezone, else the process zone. */
final class NodeZone {
    private NodeZone() {}

    static ZoneId of(ConfigStore config) {
        String zone = config.current().system().timezone();
        if (zone == null || zone.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneId.systemDefault();
        }
    }
}
