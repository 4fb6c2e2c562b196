package dev.pinion.environment.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import dev.pinion.config.DockerConfig;
import dev.pinion.environment.EnvironmentException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Docker network, created as Wings creates it (spec server-lifecycle-docker.md §2.1).
 */
final class DockerNetworks {
    private static final Logger LOG = LoggerFactory.getLogger(DockerNetworks.class);

    private final DockerClient client;
    private final String bridgeName;

    DockerNetworks(DockerClient client, String bridgeName) {
        this.client = client;
        this.bridgeName = bridgeName;
    }

    public String ensureNetwork(DockerConfig.Network network) {
        Optional<String> driver = networkDriver(network.name());
        if (driver.isPresent()) {
            return driver.get();
        }
        Map<String, String> bridgeOptions = new LinkedHashMap<>();
        bridgeOptions.put("encryption", "false");
        bridgeOptions.put("com.docker.network.bridge.default_bridge", "false");
        bridgeOptions.put("com.docker.network.bridge.enable_icc", String.valueOf(network.enableIcc()));
        bridgeOptions.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        bridgeOptions.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        bridgeOptions.put("com.docker.network.bridge.name", bridgeName);
        bridgeOptions.put("com.docker.network.driver.mtu", String.valueOf(network.networkMtu()));
        DockerConfig.Interfaces interfaces = network.interfaces();
        try {
            client.createNetworkCmd()
                    .withName(network.name())
                    .withDriver(network.driver())
                    .withEnableIpv6(true)
                    .withInternal(network.isInternal())
                    .withIpam(new Network.Ipam()
                            .withConfig(
                                    new Network.Ipam.Config()
                                            .withSubnet(interfaces.v4().subnet())
                                            .withGateway(interfaces.v4().gateway()),
                                    new Network.Ipam.Config()
                                            .withSubnet(interfaces.v6().subnet())
                                            .withGateway(interfaces.v6().gateway())))
                    .withOptions(bridgeOptions)
                    .exec();
        } catch (RuntimeException e) {
            throw new EnvironmentException(
                    "cannot create network " + network.name() + ": " + RawDockerApi.rootMessage(e), e);
        }
        LOG.info("created network {} (bridge {})", network.name(), bridgeName);
        // Wings reads the driver from an empty inspect result here and writes "" to its config;
        // the network as it now exists is inspected instead.
        return networkDriver(network.name())
                .orElseThrow(
                        () -> new EnvironmentException("network " + network.name() + " vanished after its creation"));
    }

    private Optional<String> networkDriver(String name) {
        return RawDockerApi.unlessAbsent(
                () -> client.inspectNetworkCmd().withNetworkId(name).exec().getDriver(),
                "cannot inspect network " + name);
    }
}
