/** Metrics and gauges for operators, and the Prometheus text exposition. */
package dev.pinion.metrics;
