package dev.pinion.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.ServerConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the Panel's answers are read into records (spec wings-to-panel-and-config.md A4, A6, A9, A10). */
class PanelClientResponseParsingTest {
    private FakePanel panel;
    private PanelClient client;

    @BeforeEach
    void start() {
        panel = FakePanel.start();
        client = new PanelClients(panel).client;
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    // spec A4: the example response, field by field
    @Test
    void serverSettingsAreReadWithTheirPanelTypes() {
        String uuid = panel.addServer(ServerConfigBuilder.server("6f1a5f2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b")
                .mount("/mnt/shared", "/mnt/shared", true)
                .fileDenylist("*.jar")
                .additionalAllocation("0.0.0.0", 25566));

        ServerSettings s = client.getServerConfiguration(uuid).settings();

        assertThat(s.uuid()).isEqualTo("6f1a5f2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
        assertThat(s.meta()).isEqualTo(new ServerSettings.Meta("Survival", "Main world"));
        assertThat(s.suspended()).isFalse();
        assertThat(s.invocation()).isEqualTo("java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}");
        assertThat(s.skipEggScripts()).isFalse();
        assertThat(s.build()).isEqualTo(new ServerSettings.Build(2048, 0, 500, 200, null, 10240, true));
        assertThat(s.container().image()).isEqualTo("ghcr.io/pterodactyl/yolks:java_17");
        assertThat(s.container().requiresRebuild()).isFalse();
        assertThat(s.allocations().forceOutgoingIp()).isFalse();
        assertThat(s.allocations().defaultAllocation()).isEqualTo(new ServerSettings.Allocation("0.0.0.0", 25565));
        assertThat(s.allocations().mappings()).isEqualTo(Map.of("0.0.0.0", List.of(25565, 25566)));
        assertThat(s.mounts()).containsExactly(new ServerSettings.Mount("/mnt/shared", "/mnt/shared", true));
        assertThat(s.egg()).isEqualTo(new ServerSettings.Egg("9ac39f3d-0c34-4d93-8174-c52ab9e6c57b", List.of("*.jar")));
        assertThat(s.labels()).isEmpty();
        assertThat(s.crashDetectionEnabled()).isTrue();
    }

    // spec A4: environment values may be strings, integers or null; Wings renders each differently
    @Test
    void environmentKeepsStringsIntegersAndNullsApartInPanelOrder() {
        String uuid = panel.addServer(
                ServerConfigBuilder.server().env("NULLABLE", null).env("COUNT", 3));

        var env = client.getServerConfiguration(uuid).settings().environment();

        assertThat(env.keySet())
                .containsSubsequence("SERVER_JARFILE", "STARTUP", "P_SERVER_ALLOCATION_LIMIT", "NULLABLE", "COUNT");
        assertThat(env.get("SERVER_JARFILE").isTextual()).isTrue();
        assertThat(env.get("P_SERVER_ALLOCATION_LIMIT").isIntegralNumber()).isTrue();
        assertThat(env.get("COUNT").asLong()).isEqualTo(3);
        assertThat(env.get("NULLABLE").isNull()).isTrue();
    }

    // spec A4: memory and disk are MiB integers; no narrowing on large values
    @Test
    void largeLimitsKeepTheirExactValue() {
        String uuid = panel.addServer(ServerConfigBuilder.server()
                .memory(3_000_000_000L)
                .disk(9_000_000_000L)
                .swap(-1)
                .threads("0-1,3"));

        ServerSettings.Build build =
                client.getServerConfiguration(uuid).settings().build();

        assertThat(build.memoryLimit()).isEqualTo(3_000_000_000L);
        assertThat(build.diskSpace()).isEqualTo(9_000_000_000L);
        assertThat(build.swap()).isEqualTo(-1);
        assertThat(build.threads()).isEqualTo("0-1,3");
    }

    // spec A4 robustness: newer Panels add keys; unknown keys are ignored
    @Test
    void unknownFieldsAnywhereAreTolerated() {
        String uuid = panel.addServer(
                ServerConfigBuilder.server()
                        .settingsField(
                                "brand_new_setting",
                                JsonNodeFactory.instance.objectNode().put("x", 1))
                        .processField("future", JsonNodeFactory.instance.textNode("y"))
                        .config(
                                "{\"parser\":\"json\",\"file\":\"a.json\",\"replace\":[{\"match\":\"a\",\"replace_with\":\"b\",\"extra\":1}],\"new_key\":true}"));

        ServerConfiguration configuration = client.getServerConfiguration(uuid);

        assertThat(configuration.uuid()).isEqualTo(uuid);
        assertThat(configuration.rawSettings().get("brand_new_setting").get("x").asInt())
                .isEqualTo(1);
        assertThat(configuration.processConfiguration().configs()).hasSize(2);
    }

    // spec A4 robustness: PHP emits [] for an empty map
    @Test
    void emptyArrayMappingsReadAsNoMappings() {
        ServerConfigBuilder builder = ServerConfigBuilder.server();
        var settings = builder.settings();
        ((ObjectNode) settings.get("allocations")).putArray("mappings");
        String uuid = panel.addServer(builder.settingsField("allocations", settings.get("allocations")));

        assertThat(client.getServerConfiguration(uuid).settings().allocations().mappings())
                .isEmpty();
    }

    // spec A4: file_denylist is null when inherited from a parent egg
    @Test
    void nullDenylistReadsAsEmpty() {
        String uuid = panel.addServer(ServerConfigBuilder.server().fileDenylist((String[]) null));

        assertThat(client.getServerConfiguration(uuid).settings().egg().fileDenylist())
                .isEmpty();
    }

    // spec A4: labels and crash_detection_enabled are accepted although this Panel never sends them
    @Test
    void labelsAndCrashDetectionAreReadWhenPresent() {
        String uuid = panel.addServer(ServerConfigBuilder.server()
                .label("com.example/team", "blue")
                .settingsField("crash_detection_enabled", JsonNodeFactory.instance.booleanNode(false)));

        ServerSettings settings = client.getServerConfiguration(uuid).settings();

        assertThat(settings.labels()).containsEntry("com.example/team", "blue");
        assertThat(settings.crashDetectionEnabled()).isFalse();
    }

    // spec A4 "process_configuration"
    @Test
    void processConfigurationIsReadWithDoneLinesStopAndConfigs() {
        String uuid = panel.addServer(ServerConfigBuilder.server()
                .done(")! For help, type ", "regex:^Done \\(")
                .stripAnsi(true)
                .stop("signal", "C"));

        ProcessConfiguration process = client.getServerConfiguration(uuid).processConfiguration();

        assertThat(process.startup().done()).containsExactly(")! For help, type ", "regex:^Done \\(");
        assertThat(process.startup().userInteraction()).isEmpty();
        assertThat(process.startup().stripAnsi()).isTrue();
        assertThat(process.stop()).isEqualTo(new ProcessConfiguration.Stop("signal", "C"));
        ConfigurationFile properties = process.configs().get(0);
        assertThat(properties.file()).isEqualTo("server.properties");
        assertThat(properties.parser()).isEqualTo("properties");
        assertThat(properties.replace())
                .extracting(ConfigurationFile.Replacement::match)
                .containsExactly("server-ip", "server-port", "query.port");
        assertThat(properties.replace().get(1).replaceWith().asText()).isEqualTo("25565");
    }

    // spec A4: each config entry's raw JSON is kept for the egg config-file parsers
    @Test
    void configEntryKeepsItsRawJsonIncludingIfValueAndNonStringValues() {
        String uuid = panel.addServer(ServerConfigBuilder.server()
                .noConfigs()
                .config("{\"parser\":\"yaml\",\"file\":\"config.yml\",\"replace\":["
                        + "{\"match\":\"servers.*.address\",\"if_value\":\"127.0.0.1:25565\",\"replace_with\":\"{{config.docker.interface}}:25565\"},"
                        + "{\"match\":\"listeners[0].max_players\",\"replace_with\":20},"
                        + "{\"match\":\"online_mode\",\"value\":false}]}"));

        ConfigurationFile entry = client.getServerConfiguration(uuid)
                .processConfiguration()
                .configs()
                .get(0);

        assertThat(entry.raw().get("replace").get(0).get("if_value").asText()).isEqualTo("127.0.0.1:25565");
        assertThat(entry.replace().get(0).ifValue()).isEqualTo("127.0.0.1:25565");
        assertThat(entry.replace().get(1).replaceWith().isIntegralNumber()).isTrue();
        assertThat(entry.replace().get(1).ifValue()).isNull();
        // legacy key "value" is used when replace_with is absent
        assertThat(entry.replace().get(2).replaceWith().isBoolean()).isTrue();
        assertThat(entry.raw().get("parser").asText()).isEqualTo("yaml");
    }

    @Test
    void rawProcessConfigurationIsTheWholePanelDocument() {
        ServerConfigBuilder builder = ServerConfigBuilder.server();
        String uuid = panel.addServer(builder);

        ServerConfiguration configuration = client.getServerConfiguration(uuid);

        assertThat(configuration.rawProcessConfiguration()).isEqualTo(builder.processConfiguration());
        assertThat(configuration.rawSettings()).isEqualTo(builder.settings());
    }

    // spec A4: suspended follows the Panel's server status
    @Test
    void suspendedServerIsReadAsSuspended() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.setServerStatus(uuid, "suspended");

        assertThat(client.getServerConfiguration(uuid).settings().suspended()).isTrue();
    }

    // spec A6
    @Test
    void installationScriptIsRead() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.setInstallScript(
                uuid, "ghcr.io/pterodactyl/installers:debian", "bash", "#!/bin/bash\r\ncd /mnt/server\n");

        InstallationScript script = client.getInstallationScript(uuid);

        assertThat(script)
                .isEqualTo(new InstallationScript(
                        "ghcr.io/pterodactyl/installers:debian", "bash", "#!/bin/bash\r\ncd /mnt/server\n"));
    }

    // spec A6: script may be null; Wings treats it as empty
    @Test
    void nullInstallationScriptReadsAsEmpty() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.setInstallScript(uuid, "alpine", "ash", null);

        assertThat(client.getInstallationScript(uuid).script()).isEmpty();
    }

    // spec A9.1: ceil(size / part_size) presigned URLs and the part size
    @Test
    void backupUploadUrlsAreOnePerPart() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.useS3Backups(true).setBackupPartSize(100).addBackup("b7f0c0de-0000-4000-8000-00000000000a", uuid);

        BackupUploadUrls urls = client.getBackupRemoteUploadUrls("b7f0c0de-0000-4000-8000-00000000000a", 250);

        assertThat(urls.partSize()).isEqualTo(100);
        assertThat(urls.parts()).hasSize(3);
        assertThat(urls.parts().get(0)).contains("partNumber=1").contains("uploadId=");
    }

    // spec A9.1: the default part size is 5 GiB, beyond int range
    @Test
    void defaultPartSizeIsFiveGibibytes() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.useS3Backups(true).addBackup("b7f0c0de-0000-4000-8000-00000000000b", uuid);

        BackupUploadUrls urls =
                client.getBackupRemoteUploadUrls("b7f0c0de-0000-4000-8000-00000000000b", 6_000_000_000L);

        assertThat(urls.partSize()).isEqualTo(5_368_709_120L);
        assertThat(urls.parts()).hasSize(2);
    }

    // spec A10: owner gets ["*"]
    @Test
    void sftpAuthReturnsUserServerAndPermissions() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        String userUuid = panel.addUser("alice", "hunter2");
        panel.setOwner(uuid, "alice");

        SftpAuthResponse response = client.validateSftpCredentials(SftpAuthRequest.password(
                "alice." + uuid.substring(0, 8), "hunter2", "203.0.113.7:1", new byte[0], new byte[0]));

        assertThat(response).isEqualTo(new SftpAuthResponse(userUuid, uuid, List.of("*")));
    }

    @Test
    void malformedSuccessBodyIsAFormatError() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        panel.failNext(FakePanel.call("GET", "/servers/" + uuid), 1, 200, "{\"settings\": 5}");

        assertThatThrownBy(() -> client.getServerConfiguration(uuid)).isInstanceOf(PanelResponseFormatException.class);
    }

    // PHP encodes an empty associative array as []: environment and labels may arrive that way
    @Test
    void emptyArraysForMapsReadAsEmptyMaps() {
        String uuid = panel.addServer(ServerConfigBuilder.server()
                .settingsField("environment", JsonNodeFactory.instance.arrayNode())
                .settingsField("labels", JsonNodeFactory.instance.arrayNode()));

        ServerSettings settings = client.getServerConfiguration(uuid).settings();

        assertThat(settings.environment()).isEmpty();
        assertThat(settings.labels()).isEmpty();
    }

    // a config entry serialises back to exactly the Panel's JSON, for persisting states
    @Test
    void configEntrySerialisesBackToItsRawJson() throws Exception {
        String entry =
                "{\"parser\":\"ini\",\"file\":\"a.ini\",\"replace\":[{\"match\":\"x\",\"replace_with\":1}],\"extra\":[1,2]}";
        String uuid = panel.addServer(ServerConfigBuilder.server().noConfigs().config(entry));

        ConfigurationFile parsed = client.getServerConfiguration(uuid)
                .processConfiguration()
                .configs()
                .get(0);

        assertThat(PanelJson.newMapper().writeValueAsString(parsed)).isEqualTo(entry);
    }
}
