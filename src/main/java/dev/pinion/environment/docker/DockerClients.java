package dev.pinion.environment.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Builds the one Docker client (and its HTTP transport) the process shares. */
public final class DockerClients {
    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private DockerClients() {}

    /** The configured host, else DOCKER_HOST, else the local unix socket. */
    public static String resolveHost(String configured, Map<String, String> environment) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String fromEnvironment = environment.get("DOCKER_HOST");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : DEFAULT_HOST;
    }

    public static DockerHttpClient transport(String host) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                // Log streams and attach stay open for as long as a server runs.
                .maxConnections(512)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static DockerClient client(String host, DockerHttpClient transport) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        return DockerClientImpl.getInstance(config, transport);
    }
}
