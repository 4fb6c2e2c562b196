/**
 * The docker-java implementation of the environment contract, and the process-wide Docker client.
 *
 * <p>{@link dev.pinion.environment.docker.DockerRuntime} is the facade; the pieces behind it each do
 * one thing, as Wings splits its environment: {@code DockerNetworks}, {@code DockerContainers}
 * (create, inspect, update, remove, list), {@code DockerPower} (start, signal, stop, the one POST /wait),
 * {@code DockerLogs} (log tail and followed output), {@code ContainerRequests} (create/update bodies), {@code ImagePuller} with
 * {@code RegistryAuth} and {@code ImageReference} (pulls and the offline fallback),
 * {@link dev.pinion.environment.docker.DockerConsoleAttachment} with {@code LineDelivery} and
 * {@code StdinPipe} (console), {@link dev.pinion.environment.docker.DockerStatsStream} with
 * {@code StatsSamples} (statistics), {@code RawDockerApi} (calls docker-java's model cannot express
 * exactly; {@code callUnlessAbsent}, and {@code unlessAbsent} for docker-java calls, are the one "404
 * means absent" ladder) and {@code BlkioWeightSupport}
 * (host cgroup probe). Only this package sees Docker types.
 *
 * <p>May use: environment (the contract it implements), config (the node's Docker settings),
 * concurrent (the executors its blocking reads run on), docker-java. Used by: PinionApplication and
 * cli (diagnostics), nothing in the core.
 */
package dev.pinion.environment.docker;
