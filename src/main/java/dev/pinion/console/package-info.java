/**
 * The console WebSocket, {@code GET /api/servers/{server}/ws} (spec websocket-sftp-activity.md §1):
 * the pre-upgrade checks (server, origin, socket caps per server and client address), the
 * authentication deadline and the pings that find dead peers, JWT authentication through
 * {@code dev.pinion.tokens}, the inbound events with their rate limits, the server's events going
 * out through the permission filters (each server's events encoded once into a shared, byte-bounded
 * {@code FeedLog} that every socket reads from its own position), expiry notices, and closing on
 * revocation, deletion and shutdown.
 *
 * <p>May use: server (bus, console, power, usage), tokens, activity, config, concurrent (the shared
 * executors), api/http (request ids, the client address) and api/errors (the refusal body before the
 * upgrade), Jetty's WebSocket API, Dropwizard's metrics (the drop counter). Nothing in the core depends
 * on it. Used by: PinionApplication.
 */
package dev.pinion.console;
