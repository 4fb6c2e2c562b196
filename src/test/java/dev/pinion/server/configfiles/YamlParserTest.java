package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlParserTest {
    @TempDir
    Path root;

    Volume volume;

    @BeforeEach
    void setUp() {
        volume = new Volume(root);
    }

    /** The BungeeCord egg's block as Wings receives it (server-lifecycle-docker.md §4.7 B). */
    static final String BUNGEE = """
      { "parser": "yaml", "file": "config.yml", "replace": [
        { "match": "listeners[0].query_port", "replace_with": "25577" },
        { "match": "listeners[0].host", "replace_with": "0.0.0.0:25577" },
        { "match": "servers.*.address",
          "if_value": "regex:^(127\\\\.0\\\\.0\\\\.1|localhost)(:\\\\d{1,5})?$",
          "replace_with": "{{config.docker.network.interface}}$2" } ] }
      """;

    static final String BUNGEE_BEFORE = """
      # BungeeCord configuration
      server_connect_timeout: 5000
      remote_ping_cache: -1
      player_limit: -1
      permissions:
        default:
        - bungeecord.command.server
        - bungeecord.command.list
      timeout: 30000
      online_mode: true
      servers:
        lobby:
          motd: '&1Just another BungeeCord - Forced Host'
          address: localhost:25565
          restricted: false
      listeners:
      - query_port: 25577
        motd: '&1Another Bungee server'
        query_enabled: false
        forced_hosts:
          pvp.md-5.net: pvp
        priorities:
        - lobby
        host: 0.0.0.0:25565
        max_players: 1
      ip_forward: false
      stats: 5bd5b1a8-54f8-4a02-9c7b-4a3c4c4c1a1b
      """;

    @Test
    void bungeeCordConfigIsWrittenInWingsLayoutWithKeyOrderKeptAndLocalAddressRewritten() throws Exception {
        // server-lifecycle-docker.md §4.7 B: Wings' layout (comment gone, 4-space indent, items under
        // their key, quoting) with the spec README decisions: key order kept, and the intended if_value
        // semantics rewrite address to the interface plus group 2 (":25565").
        volume.write("config.yml", BUNGEE_BEFORE);

        assertThat(volume.applyOne(BUNGEE).outcome()).isEqualTo(Outcome.UPDATED);

        assertThat(volume.read("config.yml")).isEqualTo("""
        server_connect_timeout: 5000
        remote_ping_cache: -1
        player_limit: -1
        permissions:
            default:
                - bungeecord.command.server
                - bungeecord.command.list
        timeout: 30000
        online_mode: true
        servers:
            lobby:
                motd: '&1Just another BungeeCord - Forced Host'
                address: 172.18.0.1:25565
                restricted: false
        listeners:
            - query_port: 25577
              motd: '&1Another Bungee server'
              query_enabled: false
              forced_hosts:
                pvp.md-5.net: pvp
              priorities:
                - lobby
              host: 0.0.0.0:25577
              max_players: 1
        ip_forward: false
        stats: 5bd5b1a8-54f8-4a02-9c7b-4a3c4c4c1a1b
        """);
    }

    @Test
    void missingConfigYmlIsCreatedWithTheListenerAndNoServers() throws Exception {
        // §4.7 B "If config.yml is missing": a one-element list is made for listeners[0]; the wildcard
        // finds no servers. Keys follow replacement order rather than Wings' alphabetical order.
        assertThat(volume.applyOne(BUNGEE).problem()).isEmpty();

        assertThat(volume.read("config.yml")).isEqualTo("""
        listeners:
            - query_port: 25577
              host: 0.0.0.0:25577
        """);
    }

    @Test
    void arrayIndexPathChangesOnlyThatElement() throws Exception {
        volume.write("config.yml", "listeners:\n- host: a\n- host: b\n");

        volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [
          { "match": "listeners[1].host", "replace_with": "0.0.0.0:25577" } ] }
        """);

        assertThat(volume.read("config.yml")).isEqualTo("listeners:\n    - host: a\n    - host: 0.0.0.0:25577\n");
    }

    @Test
    void arrayIndexBeyondTheListFailsAndLeavesTheFileUntouched() throws Exception {
        String before = "listeners: []\n";
        volume.write("config.yml", before);

        ConfigFileResult result = volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [ { "match": "listeners[0].host", "replace_with": "x" } ] }
        """);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(volume.read("config.yml")).isEqualTo(before);
    }

    @Test
    void wildcardRewritesEveryChildWhoseValueMatchesTheRegex() throws Exception {
        volume.write("config.yml", """
        servers:
          lobby:
            address: localhost:25565
          survival:
            address: 127.0.0.1:25566
          remote:
            address: mc.example.com:25565
        """);

        volume.applyOne(BUNGEE);

        assertThat(volume.read("config.yml")).isEqualTo("""
        servers:
            lobby:
                address: 172.18.0.1:25565
            survival:
                address: 172.18.0.1:25566
            remote:
                address: mc.example.com:25565
        listeners:
            - query_port: 25577
              host: 0.0.0.0:25577
        """);
    }

    @Test
    void wildcardWithoutConditionSetsTheKeyUnderEveryChild() throws Exception {
        volume.write("config.yml", "worlds:\n  a: {}\n  b:\n    pvp: true\n");

        volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [ { "match": "worlds.*.pvp", "replace_with": "false" } ] }
        """);

        // replace_with is a string, so "false" stays a string (§4.3 type coercion).
        assertThat(volume.read("config.yml"))
                .isEqualTo("worlds:\n    a:\n        pvp: \"false\"\n    b:\n        pvp: \"false\"\n");
    }

    @Test
    void ifValueLiteralReplacesOnlyWhenTheCurrentValueIsEqual() throws Exception {
        volume.write("config.yml", "a: localhost\nb: example\nport: 25565\n");

        volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [
          { "match": "a", "if_value": "localhost", "replace_with": "0.0.0.0" },
          { "match": "b", "if_value": "localhost", "replace_with": "0.0.0.0" },
          { "match": "port", "if_value": "25565", "replace_with": "25577" },
          { "match": "missing", "if_value": "localhost", "replace_with": "0.0.0.0" } ] }
        """);

        assertThat(volume.read("config.yml")).isEqualTo("a: 0.0.0.0\nb: example\nport: 25577\n");
    }

    @Test
    void integersKeepTheirPrecisionAndFloatsUseGoFormatting() throws Exception {
        // Wings passes numbers through doubles (1.2345678901234568e+18); the README decision keeps them.
        volume.write("config.yml", "seed: 1234567890123456789\nbig: 99999999999999999999\nratio: 0.5\nmax: 1000000\n");

        volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [ { "match": "port", "replace_with": "25565" } ] }
        """);

        assertThat(volume.read("config.yml"))
                .isEqualTo(
                        "seed: 1234567890123456789\nbig: 99999999999999999999\nratio: 0.5\nmax: 1000000\nport: 25565\n");
    }

    @Test
    void stringsAreQuotedOnlyWhenYamlV3WouldQuoteThem() throws Exception {
        // §4.4 yaml: "yes"/"on" and number-like strings are double-quoted, indicator-led strings
        // single-quoted, multi-line strings become literal blocks.
        volume.write("config.yml", """
        a: "yes"
        b: "123"
        c: '&1motd'
        d: "it's: here"
        e: "line one\\nline two"
        f: plain text
        g: ""
        h: null
        """);

        volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [] }
        """);

        assertThat(volume.read("config.yml")).isEqualTo("""
        a: "yes"
        b: "123"
        c: '&1motd'
        d: 'it''s: here'
        e: |-
            line one
            line two
        f: plain text
        g: ""
        h: null
        """);
    }

    @Test
    void nestedKeysAreCreatedAndAScalarInTheWayFailsTheFile() throws Exception {
        volume.write("config.yml", "a: 1\n");

        ConfigFileResult created = volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [ { "match": "b.c.d", "replace_with": "x" } ] }
        """);
        assertThat(created.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(volume.read("config.yml")).isEqualTo("a: 1\nb:\n    c:\n        d: x\n");

        ConfigFileResult collision = volume.applyOne("""
        { "parser": "yaml", "file": "config.yml", "replace": [ { "match": "a.b", "replace_with": "x" } ] }
        """);
        assertThat(collision.problem()).get().asString().contains("value collision");
        assertThat(volume.read("config.yml")).isEqualTo("a: 1\nb:\n    c:\n        d: x\n");
    }

    @Test
    void malformedYamlFailsNamingTheFileAndLeavesItUntouched() throws Exception {
        String before = "# keep me\nlisteners:\n  - host: [unclosed\n";
        volume.write("config.yml", before);

        ConfigFileResult result = volume.applyOne(BUNGEE);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("\"config.yml\"").contains("invalid YAML");
        assertThat(volume.read("config.yml")).isEqualTo(before);
    }

    @Test
    void topLevelListIsRefusedAndLeftUntouched() throws Exception {
        String before = "- a\n- b\n";
        volume.write("config.yml", before);

        assertThat(volume.applyOne(BUNGEE).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(volume.read("config.yml")).isEqualTo(before);
    }

    @Test
    void ymlIsAnAliasOfYaml() throws Exception {
        volume.write("c.yml", "a: 1\n");

        volume.applyOne("""
        { "parser": "yml", "file": "c.yml", "replace": [ { "match": "a", "replace_with": "2" } ] }
        """);

        assertThat(volume.read("c.yml")).isEqualTo("a: 2\n");
    }

    @Test
    void scalarsAreTypedWithYaml12RulesAsYamlV3DecodesThem() throws Exception {
        // yaml.v3 reads yes/on as strings (re-quoted on output), 0o17 and 017 as octal, 1_000 as 1000.
        volume.write("c.yml", "a: yes\nb: on\nc: 0o17\nd: 017\ne: 1_000\nf: 0x1F\ng: ~\nh: True\n");

        volume.applyOne("""
        { "parser": "yaml", "file": "c.yml", "replace": [] }
        """);

        assertThat(volume.read("c.yml"))
                .isEqualTo("a: \"yes\"\nb: \"on\"\nc: 15\nd: 15\ne: 1000\nf: 31\ng: null\nh: true\n");
    }

    @Test
    void aliasesAndMergeKeysAreExpanded() throws Exception {
        volume.write("c.yml", "base: &b\n  x: 1\n  y: 2\nother:\n  <<: *b\n  y: 3\ncopy: *b\n");

        volume.applyOne("""
        { "parser": "yaml", "file": "c.yml", "replace": [] }
        """);

        assertThat(volume.read("c.yml"))
                .isEqualTo(
                        "base:\n    x: 1\n    \"y\": 2\nother:\n    x: 1\n    \"y\": 3\ncopy:\n    x: 1\n    \"y\": 2\n");
    }

    @Test
    void duplicateKeyFailsAsInYamlV3AndLeavesTheFileUntouched() throws Exception {
        String before = "a: 1\na: 2\n";
        volume.write("c.yml", before);

        ConfigFileResult result = volume.applyOne(BUNGEE.replace("config.yml", "c.yml"));

        assertThat(result.problem()).get().asString().contains("mapping key \"a\" already defined");
        assertThat(volume.read("c.yml")).isEqualTo(before);
    }

    @Test
    void aliasBombIsRefusedInsteadOfExpanded() throws Exception {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            bomb.append(("*a" + (i - 1) + ", ").repeat(9))
                    .append("*a")
                    .append(i - 1)
                    .append("]\n");
        }
        volume.write("c.yml", bomb.toString());

        ConfigFileResult result = volume.applyOne(BUNGEE.replace("config.yml", "c.yml"));

        assertThat(result.problem()).get().asString().contains("excessive aliasing");
        assertThat(volume.read("c.yml")).isEqualTo(bomb.toString());
    }

    @Test
    void fileOfManyTinyNodesAboveTheNodeBudgetIsRefusedAndLeftUntouched() throws Exception {
        // issue #10 item 9: counted while parsing, before the composer builds its node graph.
        StringBuilder many = new StringBuilder("a: [");
        for (long i = 0; i < ConfigFileStore.MAX_NODES * 2; i++) {
            many.append(i == 0 ? "0" : ",0");
        }
        String content = many.append("]\n").toString();
        volume.write("c.yml", content);

        ConfigFileResult result = volume.applyOne(BUNGEE.replace("config.yml", "c.yml"));

        assertThat(result.problem()).get().asString().contains("YAML nodes");
        assertThat(volume.read("c.yml")).isEqualTo(content);
    }
}
