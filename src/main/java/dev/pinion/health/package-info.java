/** Dropwizard health checks for operators: Docker, disk, Panel. */
package dev.pinion.health;
