/**
 * Shared test infrastructure. {@link dev.pinion.testing.FakePanel} is a real HTTP server that
 * answers the Panel's {@code /api/remote} API as the Panel does; build server configurations for it
 * with {@link dev.pinion.testing.ServerConfigBuilder} and inspect what it received as
 * {@link dev.pinion.testing.RecordedRequest}s.
 */
package dev.pinion.testing;
