/**
 * The daemon's executors: where every piece of long or blocking work runs.
 *
 * <p>{@link dev.pinion.concurrent.DaemonExecutors} is built once, by {@code PinionApplication}
 * through Dropwizard's lifecycle (bounded, named, with thread metrics, drained at shutdown), and
 * passed by constructor to the core. Nothing else in the daemon starts a thread. Tests build their
 * own with {@link dev.pinion.concurrent.DaemonExecutors#unmanaged}.
 *
 * <p>May use: the JDK only. Used by: PinionApplication, server, environment/docker, console. Backups,
 * transfers and SFTP sessions run on executors of their own built the same way in PinionApplication
 * ({@code backup-%d}, {@code transfer-%d}, {@code sftp-channel-%d}).
 */
package dev.pinion.concurrent;
