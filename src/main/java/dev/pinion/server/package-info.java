/** Servers: Server, ServerManager, states and their persistence, power, crash detection. Knows nothing about HTTP. */
package dev.pinion.server;
