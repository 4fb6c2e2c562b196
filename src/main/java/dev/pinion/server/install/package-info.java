/**
 * Install and reinstall containers for servers: the install script from the Panel run in an
 * isolated {@code <uuid>_installer} container, its log and events, the result reported to the
 * Panel, and installs a daemon restart cut short found at boot.
 *
 * <p>May use: server, environment (the container contract), filesystem (the installer's own
 * directories, by descriptor), panel, config. Knows nothing about HTTP. Used by: PinionApplication,
 * which hands it to the server core as its {@code ServerInstaller}.
 */
package dev.pinion.server.install;
