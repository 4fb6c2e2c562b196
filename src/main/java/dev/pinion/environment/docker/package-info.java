/**
 * The docker-java implementation of the environment contract, and the process-wide Docker client.
 *
 * <p>{@link dev.pinion.environment.docker.DockerRuntime} is the facade; the pieces behind it each do
 * one thing: {@code ContainerRequests} (create/update bodies), {@code ImagePuller} with
 * {@code RegistryAuth} and {@code ImageReference} (pulls and the offline fallback),
 * {@link dev.pinion.environment.docker.DockerConsoleAttachment} with {@code LineDelivery} and
 * {@code StdinPipe} (console), {@link dev.pinion.environment.docker.DockerStatsStream} with
 * {@code StatsSamples} (statistics), {@code RawDockerApi} (calls docker-java's model cannot express
 * exactly) and {@code BlkioWeightSupport} (host cgroup probe). Only this package sees Docker types;
 * it may use {@code dev.pinion.config} for the node's Docker settings.
 */
package dev.pinion.environment.docker;
