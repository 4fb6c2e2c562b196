package dev.pinion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.PinionConfiguration;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading config.yml as Wings writes it and as the Panel generates it. Spec: wings-to-panel-and-config.md B1–B3. */
class ConfigFilesTest {
    private final YamlConfigurationFactory<PinionConfiguration> factory = new YamlConfigurationFactory<>(
            PinionConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private NodeConfig load(Path file) throws Exception {
        return factory.build(new FileConfigurationSourceProvider(), file.toString())
                .node();
    }

    private NodeConfig loadYaml(String yaml) throws Exception {
        Path file = Files.createTempFile("pinion-config-", ".yml");
        Files.writeString(file, yaml);
        return load(file);
    }

    @Test
    void panelGeneratedConfigIsAcceptedUnchangedAndMissingKeysTakeWingsDefaults() throws Exception {
        NodeConfig node = load(Path.of("src/test/resources/config/panel-generated.yml"));

        assertThat(node.uuid()).isEqualTo("0b0a1b6e-5c1d-4f5e-8d6a-2c0e7d1b9f11");
        assertThat(node.tokenId()).isEqualTo("Abc123Def456Ghi7");
        assertThat(node.token()).hasSize(64);
        assertThat(node.api().ssl().enabled()).isTrue();
        assertThat(node.api().ssl().cert()).isEqualTo("/etc/letsencrypt/live/node.example.com/fullchain.pem");
        assertThat(node.api().uploadLimit()).isEqualTo(100);
        assertThat(node.allowedMounts()).containsExactly("/mnt/shared", "/srv/maps");
        assertThat(node.remote()).isEqualTo("https://panel.example.com");
        assertThat(node.system().sftp().bindPort()).isEqualTo(2022);
        // B2 defaults for everything the Panel leaves out
        assertThat(node.appName()).isEqualTo("Pterodactyl");
        assertThat(node.system().rootDirectory()).isEqualTo("/var/lib/pterodactyl");
        assertThat(node.system().sftp().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(node.system().diskCheckInterval()).isEqualTo(150);
        assertThat(node.system().websocketLogCount()).isEqualTo(150);
        assertThat(node.system().crashDetection().timeout()).isEqualTo(60);
        assertThat(node.system().backups().compressionLevel()).isEqualTo("best_speed");
        assertThat(node.docker().network().name()).isEqualTo("pterodactyl_nw");
        assertThat(node.docker().network().dns()).containsExactly("1.1.1.1", "1.0.0.1");
        assertThat(node.docker().network().interfaces().v6().gateway()).isEqualTo("fdba:17c8:6c94::1011");
        assertThat(node.docker().containerPidLimit()).isEqualTo(512);
        assertThat(node.docker().logConfig().config())
                .containsEntry("max-size", "5m")
                .containsEntry("compress", "false");
        assertThat(node.throttles().lines()).isEqualTo(2000);
        assertThat(node.remoteQuery().bootServersPerPage()).isEqualTo(50);
        assertThat(node.pinion().admin().host()).isEqualTo("127.0.0.1");
        assertThat(new NodeConfigValidator().problems(node)).isEmpty();
    }

    @Test
    void exampleConfigHoldsExactlyWingsDefaultsForEveryKeyItDoesNotPersonalise() throws Exception {
        NodeConfig example = load(Path.of("config.yml"));
        NodeConfig defaults = NodeConfig.defaults();

        assertThat(example.api())
                .isEqualTo(new ApiConfig(null, null, example.api().ssl(), null, null, null));
        assertThat(example.system()).isEqualTo(defaults.system());
        assertThat(example.docker()).isEqualTo(defaults.docker());
        assertThat(example.throttles()).isEqualTo(defaults.throttles());
        assertThat(example.remoteQuery()).isEqualTo(defaults.remoteQuery());
        assertThat(example.pinion()).isEqualTo(defaults.pinion());
        assertThat(new NodeConfigValidator().problems(example)).isEmpty();
    }

    @Test
    void unknownKeysAnywhereAreTolerated() throws Exception {
        NodeConfig node = loadYaml("""
                token: abc
                some_future_panel_key: 1
                api:
                  port: 9090
                  http2_push: true
                system:
                  sftp:
                    key_only: true
                docker:
                  system_ips: [10.0.0.1]
                Search:
                  max_recursion_depth: 8
                """);
        assertThat(node.token()).isEqualTo("abc");
        assertThat(node.api().port()).isEqualTo(9090);
    }

    @Test
    void aValueOfTheWrongTypeFailsParsingAndNamesTheKey() {
        assertThatThrownBy(() -> loadYaml("api:\n  port: eighty\n"))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("api.port");
    }

    @Test
    void validatorNamesEveryInvalidKey() throws Exception {
        NodeConfig node = loadYaml("""
                remote: ftp://panel
                api:
                  port: 70000
                  trusted_proxies: [10.0.0.0/8, not-an-ip, 10.0.0.0/40]
                  ssl:
                    enabled: true
                system:
                  data: relative/volumes
                  timezone: Mars/Olympus_Mons
                  backups:
                    compression_level: fastest
                  openat_mode: sometimes
                throttles:
                  lines: 0
                """);
        assertThat(new NodeConfigValidator().problems(node))
                .containsExactlyInAnyOrder(
                        "api.port: must be between 0 and 65535, got 70000",
                        "api.ssl.cert: must not be empty",
                        "api.ssl.key: must not be empty",
                        "api.trusted_proxies[1]: 'not-an-ip' is not an IP address or CIDR block",
                        "api.trusted_proxies[2]: '10.0.0.0/40' is not an IP address or CIDR block",
                        "remote: must be an http(s) URL of the Panel, got 'ftp://panel'",
                        "system.data: must be an absolute path, got 'relative/volumes'",
                        "system.timezone: 'Mars/Olympus_Mons' is not a known time zone",
                        "system.backups.compression_level: must be one of [best_compression, best_speed, none], got 'fastest'",
                        "system.openat_mode: must be one of [auto, openat, openat2], got 'sometimes'",
                        "throttles.lines: must be at least 1, got 0");
    }

    @Test
    void writtenConfigReadsBackIdenticallyAndKeepsKeysPinionDoesNotModel() throws Exception {
        Path file = Files.createTempFile("pinion-config-", ".yml");
        Files.writeString(file, "token: old\nlogging:\n  level: DEBUG\nsome_future_panel_key: kept\n");
        NodeConfig node = load(file);

        new ConfigFileWriter().write(file, node);

        assertThat(load(file)).isEqualTo(node);
        String written = Files.readString(file);
        assertThat(written)
                .contains("some_future_panel_key: kept")
                .contains("level: DEBUG")
                .contains("root_directory: /var/lib/pterodactyl")
                .contains("compress: \"false\"");
        assertThat(Files.getPosixFilePermissions(file))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings.filter(p -> p.getFileName().toString().startsWith(".config.yml.")))
                    .isEmpty();
        }
    }

    @Test
    void timezoneIsDetectedFromTheEnvironmentThenEtcTimezoneAndSanitised() throws Exception {
        Path etc = Files.createTempFile("timezone", "");
        Files.writeString(etc, "Europe/Berlin\n");
        assertThat(new Timezones(Map.of(), etc).detect("America/New_York")).isEqualTo("America/New_York");
        assertThat(new Timezones(Map.of("TZ", "Asia/Tokyo"), etc).detect("")).isEqualTo("Asia/Tokyo");
        assertThat(new Timezones(Map.of(), etc).detect("")).isEqualTo("Europe/Berlin");
        assertThat(new Timezones(Map.of("TZ", " Europe/Paris;rm -rf "), etc).detect(""))
                .isEqualTo("Europe/Berlin");
    }
}
