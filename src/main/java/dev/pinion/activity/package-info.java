/**
 * The activity log (spec websocket-sftp-activity.md §3): what users did on this node, stored durably
 * and shipped to the Panel's {@code POST /api/remote/activity} in batches.
 *
 * <p>Producers (console, sftp, api's signed uploads) build entries with {@link dev.pinion.activity.ActivityEvents}
 * and hand them to an {@link dev.pinion.activity.ActivitySink} given by constructor; the node's sink is
 * {@link dev.pinion.activity.ActivityLog}, which stores them in {@link dev.pinion.activity.ActivityStore}
 * (SQLite, WAL, synchronous=FULL, bounded). {@link dev.pinion.activity.ActivityShipper} sends them.
 *
 * <p>May use: panel (the client and its ActivityEvent record), sqlite-jdbc, Jackson, Guava's address
 * parsing, Dropwizard's Managed. Used by: console, sftp, api, PinionApplication.
 */
package dev.pinion.activity;
