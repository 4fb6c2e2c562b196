/**
 * Pinion, a node daemon for the Pterodactyl Panel. This package holds only the wiring: the
 * Dropwizard application, its configuration class and the version.
 */
package dev.pinion;
