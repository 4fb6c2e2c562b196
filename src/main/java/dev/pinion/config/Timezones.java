package dev.pinion.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * Fills {@code system.timezone} at boot as Wings does: the configured value, else the TZ
 * environment variable, else /etc/timezone, else the JVM's zone (read from /etc/localtime), else UTC.
 */
public final class Timezones {
    private final Map<String, String> environment;
    private final Path etcTimezone;

    public Timezones(Map<String, String> environment, Path etcTimezone) {
        this.environment = environment;
        this.etcTimezone = etcTimezone;
    }

    public String detect(String configured) {
        for (String candidate : new String[] {
            configured,
            environment.get("TZ"),
            readEtcTimezone(),
            ZoneId.systemDefault().getId()
        }) {
            String cleaned = sanitize(candidate);
            if (!cleaned.isEmpty() && loads(cleaned)) {
                return cleaned;
            }
        }
        return "UTC";
    }

    // Wings strips every character other than letters, '_' and '/' (it ends up in container env).
    private static String sanitize(String zone) {
        return zone == null ? "" : zone.trim().replaceAll("[^A-Za-z_/]", "");
    }

    private static boolean loads(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private String readEtcTimezone() {
        try {
            return Files.exists(etcTimezone) ? Files.readString(etcTimezone) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
