package dev.pinion.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.AdminEnvironment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Serves every Dropwizard metric in the Prometheus text format at {@code /prometheus} on the admin port. */
public final class PrometheusEndpoint {
    public static final String PATH = "/prometheus";

    private PrometheusEndpoint() {
    }

    public static void register(MetricRegistry metrics, AdminEnvironment admin) {
        PrometheusRegistry registry = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(metrics).register(registry);
        admin.addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping(PATH);
    }
}
