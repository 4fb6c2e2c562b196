/**
 * Metrics for operators: per-endpoint request metrics, the per-server and node gauges
 * ({@link dev.pinion.metrics.ServerMetrics}), labelled metric names ({@link dev.pinion.metrics.LabelledMetrics})
 * and the Prometheus text exposition at /prometheus. May read the core (server, console counts)
 * but never changes it; wired by PinionApplication. Other packages add gauges through
 * {@code LabelledMetrics} names (see README "Metrics").
 */
package dev.pinion.metrics;
