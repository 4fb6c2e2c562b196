/**
 * The client for the Panel's {@code /api/remote} API and the records it sends and receives
 * (spec wings-to-panel-and-config.md Part A).
 *
 * <p>{@link dev.pinion.panel.PanelClient} is the one entry point: one method per Panel call, Wings'
 * headers, Wings' retry/backoff ({@link dev.pinion.panel.RetryPolicy#WINGS}), and three failure
 * kinds: {@link dev.pinion.panel.PanelException} (the Panel answered an error),
 * {@link dev.pinion.panel.PanelUnreachableException} (no answer after retrying) and
 * {@link dev.pinion.panel.PanelResponseFormatException} (a 2xx body that is not what the call expects).
 *
 * <p>May use: the JDK's HttpClient, Jackson, SLF4J. Must not use: Jersey, Jetty, or any other Pinion
 * package — callers (server, backup, transfer, sftp, activity) depend on this package, not the reverse.
 */
package dev.pinion.panel;
