package dev.pinion.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.AdminEnvironment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Serves every Dropwizard metric in the Prometheus text format at {@code /prometheus} on the admin
 * port: plain names through the Prometheus Dropwizard bridge, labelled ones ({@link LabelledMetrics})
 * as one family per name.
 */
public final class PrometheusEndpoint {
    public static final String PATH = "/prometheus";

    private PrometheusEndpoint() {}

    public static void register(MetricRegistry metrics, AdminEnvironment admin) {
        admin.addServlet("prometheus", new PrometheusMetricsServlet(registry(metrics)))
                .addMapping(PATH);
    }

    /** The Prometheus registry over a Dropwizard registry (also for benchmarks and tests). */
    public static PrometheusRegistry registry(MetricRegistry metrics) {
        PrometheusRegistry registry = new PrometheusRegistry();
        DropwizardExports.builder()
                .dropwizardRegistry(metrics)
                .metricFilter((name, metric) -> !LabelledMetrics.isLabelled(name))
                .register(registry);
        registry.register(new LabelledExports(metrics));
        return registry;
    }
}
