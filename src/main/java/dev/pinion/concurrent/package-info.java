/**
 * The daemon's executors: where every piece of long or blocking work runs.
 *
 * <p>{@link dev.pinion.concurrent.DaemonExecutors} is built once, by {@code PinionApplication}
 * through Dropwizard's lifecycle (bounded, named, with thread metrics, drained at shutdown), and
 * passed by constructor to the core. Nothing else in the daemon starts a thread. Tests build their
 * own with {@link dev.pinion.concurrent.DaemonExecutors#unmanaged}.
 *
 * <p>May use: the JDK only. Used by: server, environment, console, pull, health, panel and the
 * subsystems that come later (backup, transfer, sftp).
 */
package dev.pinion.concurrent;
