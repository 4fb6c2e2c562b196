package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placeholders in replace_with (server-lifecycle-docker.md §4.1, §4.3; spec README decisions). */
class PlaceholderTest {
    @TempDir
    Path root;

    Volume volume;

    @BeforeEach
    void setUp() {
        volume = new Volume(root);
    }

    /** Writes one key with the given replace_with (a JSON value) through the properties parser. */
    private String resolve(String replaceWithJson) throws Exception {
        volume.write("p.properties", "");
        volume.applyOne("""
        { "parser": "properties", "file": "p.properties", "replace": [ { "match": "v", "replace_with": %s } ] }
        """.formatted(replaceWithJson));
        String written = volume.read("p.properties");
        assertThat(written).startsWith("v=").endsWith("\n");
        return written.substring(2, written.length() - 1);
    }

    @Test
    void defaultAllocationResolvesFromTheSettings() throws Exception {
        assertThat(resolve("\"{{server.build.default.ip}}:{{server.build.default.port}}\""))
                .isEqualTo("0.0.0.0:25565");
    }

    @Test
    void eggVariablesResolveThroughBothSpellings() throws Exception {
        assertThat(resolve("\"{{server.build.env.SERVER_JARFILE}} {{env.MAX_PLAYERS}}\""))
                .isEqualTo("server.jar 16");
    }

    @Test
    void legacyEnvironmentNamesMapToTheBuildValuesInTheSamePass() throws Exception {
        // The Panel rewrites these but leaves the new placeholder unresolved (§4.1 Bug); here they resolve.
        assertThat(resolve("\"{{env.SERVER_PORT}}/{{server.build.env.SERVER_IP}}/{{env.SERVER_MEMORY}}\""))
                .isEqualTo("25565/0.0.0.0/1024");
    }

    @Test
    void buildValuesFollowThePanelsLegacyStructureAndPhpStringConversion() throws Exception {
        // §4.1 table: integers in decimal, true is 1, false/null empty, suspension 0 or 1.
        assertThat(
                        resolve(
                                "\"{{server.build.memory}}|{{server.build.swap}}|{{server.build.io}}|{{server.build.cpu}}|"
                                        + "{{server.build.disk}}|{{server.build.threads}}|{{server.build.oom_disabled}}|{{server.build.image}}|"
                                        + "{{server.uuid}}|{{server.service.egg}}|{{server.service.skip_scripts}}|{{server.suspended}}|{{server.rebuild}}\""))
                .isEqualTo(
                        "1024|0|500|200|5000||1|ghcr.io/pterodactyl/yolks:java_17|d3aac109-e5a0-4331-b03e-3454f7e136dc|"
                                + "9ac39f3d-0c34-4d93-8174-c52ab9e6c57b||0|");
    }

    @Test
    void unknownServerPlaceholderBecomesEmptyAsThePanelDoes() throws Exception {
        assertThat(resolve("\"a{{server.build.nope}}b{{env.UNDEFINED}}c{{server.build.ports}}d\""))
                .isEqualTo("abcd");
    }

    @Test
    void placeholdersOutsideServerEnvAndConfigStayLiteral() throws Exception {
        // §4.1: no spaces allowed for the Panel's pattern; {{SERVER_PORT}} is written literally.
        assertThat(resolve("\"{{SERVER_PORT}} {{ server.uuid }}\"")).isEqualTo("{{SERVER_PORT}} {{ server.uuid }}");
    }

    @Test
    void dockerInterfaceResolvesInEverySpellingWingsAccepts() throws Exception {
        assertThat(
                        resolve(
                                "\"{{config.docker.interface}} {{config.docker.network.interface}} {{ config.docker.Interface }}\""))
                .isEqualTo("172.18.0.1 172.18.0.1 172.18.0.1");
    }

    @Test
    void noOtherNodeSettingIsReachableFromATemplate() throws Exception {
        // CVE-2026-52855: the token and every other setting stay out of reach; the placeholder is left as
        // written (fork behaviour), so nothing is leaked and the other placeholders still resolve.
        assertThat(
                        resolve(
                                "\"{{config.token}}|{{config.token_id}}|{{config.remote}}|{{config.api.port}}|{{config.docker.interface}}\""))
                .isEqualTo("{{config.token}}|{{config.token_id}}|{{config.remote}}|{{config.api.port}}|172.18.0.1");
    }

    @Test
    void nonStringValuesAreWrittenAsWingsWritesThem() throws Exception {
        // §4.3: numbers verbatim, booleans as text, null as <nil>, containers as <invalid>.
        assertThat(resolve("25")).isEqualTo("25");
        assertThat(resolve("true")).isEqualTo("true");
        assertThat(resolve("null")).isEqualTo("<nil>");
        assertThat(resolve("{\"a\": 1}")).isEqualTo("<invalid>");
    }

    @Test
    void nodeTemplateValuesHoldNothingButTheInterface() {
        // The record is the whole node surface a template can reach (CVE-2026-52855).
        assertThat(NodeTemplateValues.class.getRecordComponents())
                .extracting("name")
                .containsExactly("dockerInterface");
    }

    @Test
    void environmentCanBeTakenFromTheSettingsDocumentWithPanelConversion() {
        ServerTemplateValues values = ServerTemplateValues.fromSettings(Volume.json(Volume.SETTINGS));

        assertThat(values.environment())
                .containsEntry("SERVER_JARFILE", "server.jar")
                .containsEntry("P_SERVER_ALLOCATION_LIMIT", "0")
                .containsEntry("P_SERVER_LOCATION", "de");
    }
}
