package dev.pinion.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code docker} section: the network, registries and container limits Wings applies. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerConfig(
        @JsonProperty("network") Network network,
        @JsonProperty("domainname") String domainname,
        @JsonProperty("registries") Map<String, RegistryCredentials> registries,
        @JsonProperty("tmpfs_size") Long tmpfsSize,
        @JsonProperty("container_pid_limit") Long containerPidLimit,
        @JsonProperty("installer_limits") InstallerLimits installerLimits,
        @JsonProperty("overhead") Overhead overhead,
        @JsonProperty("use_performant_inspect") Boolean usePerformantInspect,
        @JsonProperty("userns_mode") String usernsMode,
        @JsonProperty("log_config") LogConfig logConfig) {

    public DockerConfig {
        network = requireNonNullElse(network, Network.defaults());
        domainname = requireNonNullElse(domainname, "");
        registries = copy(requireNonNullElse(registries, Map.of()));
        tmpfsSize = requireNonNullElse(tmpfsSize, 100L);
        containerPidLimit = requireNonNullElse(containerPidLimit, 512L);
        installerLimits = requireNonNullElse(installerLimits, InstallerLimits.defaults());
        overhead = requireNonNullElse(overhead, Overhead.defaults());
        usePerformantInspect = requireNonNullElse(usePerformantInspect, true);
        usernsMode = requireNonNullElse(usernsMode, "");
        logConfig = requireNonNullElse(logConfig, LogConfig.defaults());
    }

    public static DockerConfig defaults() {
        return new DockerConfig(null, null, null, null, null, null, null, null, null, null);
    }

    // Insertion-ordered and unmodifiable, so the file is rewritten in the order it was read.
    private static <V> Map<String, V> copy(Map<String, V> source) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    /** The Docker network every server container joins. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Network(
            @JsonProperty("interface") String hostInterface,
            @JsonProperty("dns") List<String> dns,
            @JsonProperty("name") String name,
            @JsonProperty("ispn") Boolean ispn,
            @JsonProperty("driver") String driver,
            @JsonProperty("network_mode") String networkMode,
            @JsonProperty("is_internal") Boolean isInternal,
            @JsonProperty("enable_icc") Boolean enableIcc,
            @JsonProperty("network_mtu") Long networkMtu,
            @JsonProperty("interfaces") Interfaces interfaces) {
        public Network {
            hostInterface = requireNonNullElse(hostInterface, "172.18.0.1");
            dns = List.copyOf(requireNonNullElse(dns, List.of("1.1.1.1", "1.0.0.1")));
            name = requireNonNullElse(name, "pterodactyl_nw");
            ispn = requireNonNullElse(ispn, false);
            driver = requireNonNullElse(driver, "bridge");
            networkMode = requireNonNullElse(networkMode, "pterodactyl_nw");
            isInternal = requireNonNullElse(isInternal, false);
            enableIcc = requireNonNullElse(enableIcc, true);
            networkMtu = requireNonNullElse(networkMtu, 1500L);
            interfaces = requireNonNullElse(interfaces, Interfaces.defaults());
        }

        public static Network defaults() {
            return new Network(null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** IPAM of the network, per address family. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Interfaces(
            @JsonProperty("v4") Subnet v4,
            @JsonProperty("v6") Subnet v6) {
        public Interfaces {
            v4 = requireNonNullElse(v4, new Subnet("172.18.0.0/16", "172.18.0.1"));
            v6 = requireNonNullElse(v6, new Subnet("fdba:17c8:6c94::/64", "fdba:17c8:6c94::1011"));
        }

        public static Interfaces defaults() {
            return new Interfaces(null, null);
        }
    }

    /** One address family's subnet and gateway. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subnet(
            @JsonProperty("subnet") String subnet,
            @JsonProperty("gateway") String gateway) {
        public Subnet {
            subnet = requireNonNullElse(subnet, "");
            gateway = requireNonNullElse(gateway, "");
        }
    }

    /** Credentials for pulling from one registry. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RegistryCredentials(
            @JsonProperty("username") String username,
            @JsonProperty("password") String password) {
        public RegistryCredentials {
            username = requireNonNullElse(username, "");
            password = requireNonNullElse(password, "");
        }
    }

    /** Minimum limits for install containers (MiB, percent). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InstallerLimits(
            @JsonProperty("memory") Long memory,
            @JsonProperty("cpu") Long cpu) {
        public InstallerLimits {
            memory = requireNonNullElse(memory, 1024L);
            cpu = requireNonNullElse(cpu, 100L);
        }

        public static InstallerLimits defaults() {
            return new InstallerLimits(null, null);
        }
    }

    /** Memory overhead multipliers added on top of a server's memory limit. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Overhead(
            @JsonProperty("override") Boolean override,
            @JsonProperty("default_multiplier") Double defaultMultiplier,
            @JsonProperty("multipliers") Map<String, Double> multipliers) {
        public Overhead {
            override = requireNonNullElse(override, false);
            defaultMultiplier = requireNonNullElse(defaultMultiplier, 1.05);
            multipliers = copy(requireNonNullElse(multipliers, Map.of()));
        }

        public static Overhead defaults() {
            return new Overhead(null, null, null);
        }
    }

    /** The container log driver. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LogConfig(
            @JsonProperty("type") String type,
            @JsonProperty("config") Map<String, String> config) {
        public LogConfig {
            type = requireNonNullElse(type, "local");
            config = copy(requireNonNullElse(config, defaultDriverOptions()));
        }

        public static LogConfig defaults() {
            return new LogConfig(null, null);
        }

        private static Map<String, String> defaultDriverOptions() {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("compress", "false");
            options.put("max-file", "1");
            options.put("max-size", "5m");
            options.put("mode", "non-blocking");
            return options;
        }
    }
}
