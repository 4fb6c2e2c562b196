/**
 * Install and reinstall containers for servers: the install script from the Panel run in an
 * isolated {@code <uuid>_installer} container, its log and events, the result reported to the
 * Panel, and installs a daemon restart cut short found at boot. Uses {@code server},
 * {@code environment} and {@code panel}; knows nothing about HTTP.
 */
package dev.pinion.server.install;
