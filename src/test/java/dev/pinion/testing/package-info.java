/**
 * Shared test infrastructure. {@link dev.pinion.testing.FakePanel} is a real HTTP server that
 * answers the Panel's {@code /api/remote} API as the Panel does; build server configurations for it
 * with {@link dev.pinion.testing.ServerConfigBuilder} and inspect what it received as
 * {@link dev.pinion.testing.RecordedRequest}s. {@link dev.pinion.testing.TestDaemon} runs the daemon in
 * the test JVM; {@link dev.pinion.testing.ChildDaemon} runs it as a process of its own, for tests that
 * kill it with SIGKILL.
 */
package dev.pinion.testing;
