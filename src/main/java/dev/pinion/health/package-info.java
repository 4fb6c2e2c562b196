/**
 * Dropwizard health checks for operators (Docker, data disk, Panel) and the default
 * {@code health:} section that schedules them and says which are critical
 * ({@link dev.pinion.health.HealthSettings}).
 *
 * <p>May use: config, environment (the Docker ping), panel (the credentials probe), transfer (the
 * running transfers, for the stall check), Dropwizard's health checks. Used by: PinionApplication.
 */
package dev.pinion.health;
