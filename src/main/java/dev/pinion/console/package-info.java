/**
 * The console WebSocket, {@code GET /api/servers/{server}/ws} (spec websocket-sftp-activity.md §1):
 * the pre-upgrade checks (server, origin, socket caps per server and client address), the
 * authentication deadline and the pings that find dead peers, JWT authentication through
 * {@code dev.pinion.tokens}, the inbound events with their rate limits, the server's events going
 * out through the permission filters (each server's events encoded once into a shared, byte-bounded
 * {@code FeedLog} that every socket reads from its own position), expiry notices, and closing on
 * revocation, deletion and shutdown. It talks to {@code dev.pinion.server} (bus, console, power, usage) and
 * {@code dev.pinion.tokens}; nothing in the core depends on it.
 */
package dev.pinion.console;
