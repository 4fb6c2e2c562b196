/**
 * The container contract the core uses (create, start, stop, attach, stats); no Docker types leak out
 * of it.
 *
 * <p>May use: config (the node's container settings) and the JDK. Used by: server, server/install,
 * environment/docker (the implementation), health, api (host and engine facts for /api/system), cli.
 */
package dev.pinion.environment;
