package dev.pinion.transfer;

import dev.pinion.server.EventBus;
import dev.pinion.server.ServerEvent;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code transfer logs} and {@code transfer status} events a transfer publishes on a server's
 * bus (spec files-backups-transfers.md §6.2, §6.6): lines coloured as Wings colours them, headed
 * with the time in RFC 1123 and which node speaks, and Wings' 25-character progress bar.
 */
public final class TransferMessages {
    /** Go's time.RFC1123: {@code Mon, 02 Jan 2006 15:04:05 MST}. */
    private static final DateTimeFormatter RFC1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private final Clock clock;

    public TransferMessages(Clock clock) {
        this.clock = clock;
    }

    /** A {@code transfer logs} line from the source node. */
    void source(EventBus events, String message) {
        events.publish(ServerEvent.TRANSFER_LOGS, line("Source Node", message));
    }

    /** A {@code transfer logs} line from the destination node. */
    void target(EventBus events, String message) {
        events.publish(ServerEvent.TRANSFER_LOGS, line("Target Node", message));
    }

    static void status(EventBus events, String status) {
        events.publish(ServerEvent.TRANSFER_STATUS, status);
    }

    String line(String node, String message) {
        String time = ZonedDateTime.now(clock).format(RFC1123);
        return "\u001b[33m\u001b[1m" + time + " [Transfer System] [" + node + "]:\u001b[39m " + message + "\u001b[0m";
    }

    /** Wings' progress rendering: {@code [=====     ] 1.2 GiB / 4.8 GiB} with a 25-character bar. */
    static String progress(long written, long total) {
        int width = 25;
        int filled = total <= 0 ? 0 : (int) Math.min(width, written * width / total);
        return "[" + "=".repeat(filled) + " ".repeat(width - filled) + "] " + size(written) + " / " + size(total);
    }

    /** {@code N B} under 1024, else one decimal with 1024 steps (Wings' formatting). */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
