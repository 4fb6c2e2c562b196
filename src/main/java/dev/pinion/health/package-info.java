/**
 * Dropwizard health checks for operators (Docker, data disk, Panel) and the default
 * {@code health:} section that schedules them and says which are critical
 * ({@link dev.pinion.health.HealthSettings}). May use config and environment; wired by PinionApplication.
 */
package dev.pinion.health;
