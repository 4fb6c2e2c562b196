/**
 * Servers: {@link dev.pinion.server.Server}, {@link dev.pinion.server.ServerFactory} (builds a server
 * and the parts that act on it), {@link dev.pinion.server.ServerManager} (the registry and the boot),
 * states and their persistence, power, crash detection, the disk-limit guard.
 *
 * <p>May use: config, environment (the container contract, never Docker types), filesystem, panel,
 * concurrent (executors are passed in by constructor). Knows nothing about HTTP (no Jersey, Jetty or
 * jakarta.ws.rs). Used by: api, console, backup, transfer, sftp, metrics, PinionApplication.
 */
package dev.pinion.server;
