/**
 * Metrics for operators: per-endpoint request metrics, the per-server and node gauges
 * ({@link dev.pinion.metrics.ServerMetrics}), labelled metric names ({@link dev.pinion.metrics.LabelledMetrics})
 * and the Prometheus text exposition at /prometheus. Other packages add gauges through
 * {@code LabelledMetrics} names (see README "Metrics").
 *
 * <p>May use: server (read only: states, usage; console counts arrive as functions), Dropwizard
 * metrics, the Prometheus bridge, Jersey and the Servlet API (the per-endpoint request filter, the
 * cold-start probe). Used by: api (the {@code EndpointGroup} annotation), PinionApplication.
 */
package dev.pinion.metrics;
