package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesParserTest {
    @TempDir
    Path root;

    Volume volume;

    @BeforeEach
    void setUp() {
        volume = new Volume(root);
    }

    /** The Paper egg's block as Wings receives it (server-lifecycle-docker.md §4.7 A). */
    static final String PAPER = """
      { "parser": "properties", "file": "server.properties", "replace": [
        { "match": "server-ip", "replace_with": "0.0.0.0" },
        { "match": "server-port", "replace_with": "25566" },
        { "match": "query.port", "replace_with": "25566" } ] }
      """;

    @Test
    void paperServerPropertiesIsRewrittenExactlyAsWingsWritesIt() throws Exception {
        // Before and after are the verified outputs of server-lifecycle-docker.md §4.7 A.
        volume.write("server.properties", """
        #Minecraft server properties
        #Sun Mar 17 20:58:30 UTC 2024
        enable-jmx-monitoring=false
        rcon.port=25575
        level-seed=
        gamemode=survival
        enable-command-block=false
        enable-query=false
        motd=A Minecraft Server \\u00A7aWelcome
        query.port=25565
        pvp=true
        difficulty=easy
        max-players=20
        online-mode=true
        server-ip=
        server-port=25565
        """);

        ConfigFileResult result = volume.applyOne(PAPER);

        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(volume.read("server.properties")).isEqualTo("""
        #Minecraft server properties
        #Sun Mar 17 20:58:30 UTC 2024
        enable-jmx-monitoring=false
        rcon.port=25575
        level-seed=
        gamemode=survival
        enable-command-block=false
        enable-query=false
        motd=A Minecraft Server \\u00a7aWelcome
        query.port=25566
        pvp=true
        difficulty=easy
        max-players=20
        online-mode=true
        server-ip=0.0.0.0
        server-port=25566
        """);
    }

    @Test
    void missingServerPropertiesIsCreatedWithTheReplacedKeysInOrder() throws Exception {
        // server-lifecycle-docker.md §4.7 A, "If server.properties does not exist yet".
        assertThat(volume.applyOne(PAPER).outcome()).isEqualTo(Outcome.UPDATED);

        assertThat(volume.read("server.properties")).isEqualTo("""
        server-ip=0.0.0.0
        server-port=25566
        query.port=25566
        """);
    }

    @Test
    void commentsAfterTheHeaderAndSeparatorsAreNormalisedAsWingsDoes() throws Exception {
        // §4.4 properties: only the leading comment block survives; ":" and " " separators become "=".
        volume.write(
                "server.properties", "# head\n\nfoo: bar\n# dropped\n! dropped too\nbaz qux\nkey = spaced value\n");

        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [ { "match": "foo", "replace_with": "x" } ] }
        """);

        assertThat(volume.read("server.properties")).isEqualTo("# head\n\nfoo=x\nbaz=qux\nkey=spaced value\n");
    }

    @Test
    void valuesAreEscapedWithGoQuoteToAsciiIncludingTheTrailingQuoteBug() throws Exception {
        // §4.4 properties: lowercase \\u escapes, \\U above U+FFFF, and a value ending in " loses its last quote.
        volume.write("server.properties", "a=1\n");

        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [
          { "match": "motd", "replace_with": "say \\"hi\\"" },
          { "match": "name", "replace_with": "§é😀\\ttab\\\\" } ] }
        """);

        assertThat(volume.read("server.properties"))
                .isEqualTo("a=1\nmotd=say \\\"hi\\\nname=\\u00a7\\u00e9\\U0001f600\\ttab\\\\\n");
    }

    @Test
    void referencesToOtherKeysAreExpandedAndUnknownOnesBecomeEmpty() throws Exception {
        // §4.4 properties: ${name} is expanded on read, an undefined one is empty; never the daemon's
        // environment (HOME is set for the test JVM).
        volume.write("server.properties", "user=steve\nmotd=Hello ${user}\nhome=${HOME}\n");

        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [] }
        """);

        assertThat(volume.read("server.properties")).isEqualTo("user=steve\nmotd=Hello steve\nhome=\n");
    }

    @Test
    void ifValueReplacesOnlyAnExistingKeyWithExactlyThatValue() throws Exception {
        volume.write("server.properties", "server-ip=127.0.0.1\nquery.port=1\n");

        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [
          { "match": "server-ip", "if_value": "127.0.0.1", "replace_with": "0.0.0.0" },
          { "match": "query.port", "if_value": "2", "replace_with": "25565" },
          { "match": "absent", "if_value": "x", "replace_with": "created?" } ] }
        """);

        assertThat(volume.read("server.properties")).isEqualTo("server-ip=0.0.0.0\nquery.port=1\n");
    }

    @Test
    void ifValueRegexRewritesTheMatchingPartWithGoGroupReferences() throws Exception {
        volume.write("server.properties", "server-ip=localhost:25565\nother=example.com:1\n");

        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [
          { "match": "server-ip", "if_value": "regex:^(127\\\\.0\\\\.0\\\\.1|localhost)(:\\\\d{1,5})?$",
            "replace_with": "{{config.docker.interface}}$2" },
          { "match": "other", "if_value": "regex:^(127\\\\.0\\\\.0\\\\.1|localhost)(:\\\\d{1,5})?$",
            "replace_with": "{{config.docker.interface}}$2" } ] }
        """);

        assertThat(volume.read("server.properties")).isEqualTo("server-ip=172.18.0.1:25565\nother=example.com:1\n");
    }

    @Test
    void circularReferenceFailsTheFileAndLeavesItByteForByteUntouched() throws Exception {
        // §4.4 properties: a circular reference makes the load fail.
        String before = "#c\na=${b}\nb=${a}\n  odd   spacing = kept\n";
        volume.write("server.properties", before);

        ConfigFileResult result = volume.applyOne(PAPER);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem())
                .get()
                .asString()
                .contains("\"server.properties\"")
                .contains("properties")
                .contains("circular reference");
        assertThat(volume.read("server.properties")).isEqualTo(before);
    }

    @Test
    void invalidUnicodeEscapeFailsTheFileAndLeavesItUntouched() throws Exception {
        String before = "motd=\\uZZZZ\n";
        volume.write("server.properties", before);

        ConfigFileResult result = volume.applyOne(PAPER);

        assertThat(result.problem()).get().asString().contains("invalid unicode literal");
        assertThat(volume.read("server.properties")).isEqualTo(before);
    }

    @Test
    void continuationLinesAndEscapesAreReadAsJavaPropertiesAreRead() throws Exception {
        volume.write("server.properties", "motd=Hello \\\n    World\nkey\\:with\\ colon = v\\tx\n");

        volume.applyOne("""
        { "parser": "properties", "file": "server.properties", "replace": [] }
        """);

        // Keys are written raw (Wings does not escape them), values through QuoteToASCII.
        assertThat(volume.read("server.properties")).isEqualTo("motd=Hello World\nkey:with colon=v\\tx\n");
    }
}
