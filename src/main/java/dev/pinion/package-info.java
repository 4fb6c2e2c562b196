/**
 * Pinion, a node daemon for the Pterodactyl Panel. This package holds only the wiring: the
 * Dropwizard application, its configuration class and the version.
 *
 * <p>May use: every package (it builds and connects them; no behaviour of its own lives here).
 * Used by: cli (the configuration class and the version) and the JVM entry point.
 */
package dev.pinion;
