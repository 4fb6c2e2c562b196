/** The console WebSocket endpoint (Jetty Jakarta WebSocket): JWT auth, permissions, events, rate limits. */
package dev.pinion.console;
