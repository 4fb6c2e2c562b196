package dev.pinion.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of Dropwizard metrics that {@code /prometheus} exports with labels. Dropwizard names are
 * flat strings, so labels ride in the name: {@code pinion.server.cpu_absolute{uuid=<uuid>}} is
 * exported as {@code pinion_server_cpu_absolute{uuid="<uuid>"}}, one Prometheus family for every
 * server. Gauges, counters and meters may be labelled. Other parts (backups, transfers, SFTP)
 * register their gauges under names built here; see README "Metrics".
 */
public final class LabelledMetrics {
    // Label values are uuids, states and other words: nothing that could break the encoding.
    private static final Pattern LABEL_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9_.:-]*");

    /** A parsed labelled name. */
    public record Parsed(String family, Map<String, String> labels) {}

    private LabelledMetrics() {}

    /** {@code family{label=value}}. */
    public static String name(String family, String label, String value) {
        return name(family, Map.of(label, value));
    }

    /** {@code family{l1=v1,l2=v2}}, labels in the given order. */
    public static String name(String family, Map<String, String> labels) {
        StringBuilder name = new StringBuilder(family).append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!LABEL_NAME.matcher(label.getKey()).matches()
                    || !LABEL_VALUE.matcher(label.getValue()).matches()) {
                throw new IllegalArgumentException("not a metric label: " + label.getKey() + "=" + label.getValue());
            }
            name.append(first ? "" : ",").append(label.getKey()).append('=').append(label.getValue());
            first = false;
        }
        return name.append('}').toString();
    }

    /** The metric names of one server: {@code <prefix>{uuid=<uuid>}}. */
    public static String server(String family, String uuid) {
        return name(family, "uuid", uuid);
    }

    public static boolean isLabelled(String name) {
        return name.endsWith("}") && name.indexOf('{') > 0;
    }

    /** The family and labels of a labelled name; empty for a plain one. */
    public static Optional<Parsed> parse(String name) {
        if (!isLabelled(name)) {
            return Optional.empty();
        }
        int open = name.indexOf('{');
        Map<String, String> labels = new LinkedHashMap<>();
        String body = name.substring(open + 1, name.length() - 1);
        if (!body.isEmpty()) {
            for (String pair : body.split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    return Optional.empty();
                }
                labels.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return Optional.of(new Parsed(name.substring(0, open), labels));
    }
}
