package dev.pinion.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports the labelled Dropwizard metrics ({@link LabelledMetrics}) as one Prometheus family per
 * name with a data point per label set. The Prometheus Dropwizard bridge cannot do this: its label
 * mapper produces one family per Dropwizard metric, and two of the same name fail the scrape.
 * Gauges become gauges, counters and meters become counters ({@code _total}).
 */
final class LabelledExports implements MultiCollector {
    private final MetricRegistry registry;

    LabelledExports(MetricRegistry registry) {
        this.registry = registry;
    }

    private record Point(Labels labels, double value) {}

    private record Family(boolean counter, List<Point> points) {}

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new LinkedHashMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            if (!LabelledMetrics.isLabelled(entry.getKey())) {
                continue;
            }
            LabelledMetrics.parse(entry.getKey()).ifPresent(parsed -> {
                Metric metric = entry.getValue();
                Double value = valueOf(metric);
                if (value == null) {
                    return;
                }
                boolean counter = metric instanceof Counter || metric instanceof Meter;
                String family =
                        PrometheusNaming.sanitizeMetricName(parsed.family().replace('.', '_'));
                Family into = families.computeIfAbsent(family, f -> new Family(counter, new ArrayList<>()));
                if (into.counter() == counter) {
                    into.points()
                            .add(new Point(
                                    Labels.of(
                                            new ArrayList<>(parsed.labels().keySet()),
                                            new ArrayList<>(parsed.labels().values())),
                                    value));
                }
            });
        }
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        families.forEach((name, family) -> snapshots.metricSnapshot(snapshot(name, family)));
        return snapshots.build();
    }

    private static MetricSnapshot snapshot(String name, Family family) {
        if (family.counter()) {
            CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name);
            family.points()
                    .forEach(p -> counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(p.labels())
                            .value(p.value())
                            .build()));
            return counter.build();
        }
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name);
        family.points()
                .forEach(p -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(p.labels())
                        .value(p.value())
                        .build()));
        return gauge.build();
    }

    private static Double valueOf(Metric metric) {
        return switch (metric) {
            case Gauge<?> gauge ->
                switch (gauge.getValue()) {
                    case Number number -> number.doubleValue();
                    case Boolean flag -> flag ? 1.0 : 0.0;
                    case null, default -> null;
                };
            case Counter counter -> (double) counter.getCount();
            case Meter meter -> (double) meter.getCount();
            default -> null;
        };
    }
}
