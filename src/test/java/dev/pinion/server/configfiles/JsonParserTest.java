package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonParserTest {
    @TempDir
    Path root;

    Volume volume;

    @BeforeEach
    void setUp() {
        volume = new Volume(root);
    }

    /** The Enshrouded egg's block as Wings receives it (server-lifecycle-docker.md §4.7 C). */
    static final String ENSHROUDED = """
      { "parser": "json", "file": "enshrouded_server.json", "replace": [
        { "match": "name", "replace_with": "Tom & Jerry <EU>" },
        { "match": "password", "replace_with": "" },
        { "match": "slotCount", "replace_with": "16" },
        { "match": "gamePort", "replace_with": "15636" },
        { "match": "queryPort", "replace_with": "15637" } ] }
      """;

    @Test
    void enshroudedConfigIsWrittenAsGoWritesItWithTheFileKeyOrderKept() throws Exception {
        // §4.7 C: 4-space indent, HTML characters escaped, ports written as numbers, no trailing newline;
        // keys stay in file order (spec README decision) where Wings sorts them.
        volume.write("enshrouded_server.json", """
        {
        \t"name": "Enshrouded Server",
        \t"password": "",
        \t"saveDirectory": "./savegame",
        \t"logDirectory": "./logs",
        \t"ip": "0.0.0.0",
        \t"gamePort": 15636,
        \t"queryPort": 15637,
        \t"slotCount": 16
        }
        """);

        assertThat(volume.applyOne(ENSHROUDED).outcome()).isEqualTo(Outcome.UPDATED);

        assertThat(volume.read("enshrouded_server.json")).isEqualTo("""
        {
            "name": "Tom \\u0026 Jerry \\u003cEU\\u003e",
            "password": "",
            "saveDirectory": "./savegame",
            "logDirectory": "./logs",
            "ip": "0.0.0.0",
            "gamePort": 15636,
            "queryPort": 15637,
            "slotCount": 16
        }""");
    }

    @Test
    void missingJsonFileIsCreatedEmptyAndTheParseFailureReported() throws Exception {
        // §4.7 C: "created empty (0 bytes) and the parse fails".
        ConfigFileResult result = volume.applyOne(ENSHROUDED);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("unexpected end of JSON input");
        assertThat(volume.bytes("enshrouded_server.json")).isEmpty();
    }

    @Test
    void largeIntegersKeepEveryDigitAndNewKeysAreAppended() throws Exception {
        volume.write(
                "c.json", "{\"seed\": 12345678901234567890, \"n\": 1e3, \"f\": 0.1, \"list\": [1, {}], \"o\": {}}");

        volume.applyOne("""
        { "parser": "json", "file": "c.json", "replace": [
          { "match": "nested.port", "replace_with": "007" },
          { "match": "flag", "replace_with": true },
          { "match": "text", "replace_with": "true" } ] }
        """);

        assertThat(volume.read("c.json")).isEqualTo("""
        {
            "seed": 12345678901234567890,
            "n": 1000,
            "f": 0.1,
            "list": [
                1,
                {}
            ],
            "o": {},
            "nested": {
                "port": 7
            },
            "flag": true,
            "text": "true"
        }""");
    }

    @Test
    void ifValueLiteralAndRegexAreHonoured() throws Exception {
        volume.write(
                "c.json",
                "{\"host\": \"localhost:25565\", \"ip\": \"127.0.0.1\", \"other\": \"1.2.3.4\", \"port\": 25565}");

        volume.applyOne("""
        { "parser": "json", "file": "c.json", "replace": [
          { "match": "host", "if_value": "regex:^(127\\\\.0\\\\.0\\\\.1|localhost)(:\\\\d{1,5})?$",
            "replace_with": "{{config.docker.interface}}$2" },
          { "match": "ip", "if_value": "127.0.0.1", "replace_with": "0.0.0.0" },
          { "match": "other", "if_value": "127.0.0.1", "replace_with": "0.0.0.0" },
          { "match": "port", "if_value": "25565", "replace_with": "25577" },
          { "match": "absent", "if_value": "x", "replace_with": "y" } ] }
        """);

        assertThat(volume.read("c.json")).isEqualTo("""
        {
            "host": "172.18.0.1:25565",
            "ip": "0.0.0.0",
            "other": "1.2.3.4",
            "port": 25577
        }""");
    }

    @Test
    void arrayIndexAndWildcardPathsWork() throws Exception {
        volume.write("c.json", "{\"listeners\": [{\"host\": \"a\"}, {\"host\": \"b\"}], \"ports\": [1, 2]}");

        volume.applyOne("""
        { "parser": "json", "file": "c.json", "replace": [
          { "match": "listeners[0].host", "replace_with": "first" },
          { "match": "listeners.*.bind", "replace_with": "0.0.0.0" },
          { "match": "ports.1", "replace_with": "25565" },
          { "match": "ports[0]", "replace_with": "25564" } ] }
        """);

        assertThat(volume.read("c.json")).isEqualTo("""
        {
            "listeners": [
                {
                    "host": "first",
                    "bind": "0.0.0.0"
                },
                {
                    "host": "b",
                    "bind": "0.0.0.0"
                }
            ],
            "ports": [
                25564,
                25565
            ]
        }""");
    }

    @Test
    void malformedJsonFailsNamingTheFileAndLeavesItUntouched() throws Exception {
        String before = "{\n  \"name\": \"x\",\n}\n";
        volume.write("enshrouded_server.json", before);

        ConfigFileResult result = volume.applyOne(ENSHROUDED);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem())
                .get()
                .asString()
                .contains("\"enshrouded_server.json\"")
                .contains("invalid JSON");
        assertThat(volume.read("enshrouded_server.json")).isEqualTo(before);
    }

    @Test
    void trailingGarbageIsMalformedToo() throws Exception {
        String before = "{\"a\": 1} {\"b\": 2}";
        volume.write("c.json", before);

        ConfigFileResult result = volume.applyOne("""
        { "parser": "json", "file": "c.json", "replace": [ { "match": "a", "replace_with": "2" } ] }
        """);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(volume.read("c.json")).isEqualTo(before);
    }

    @Test
    void wildcardWithoutRestSetsEveryChildAndTildeEscapesADot() throws Exception {
        // §4.5 recommendation: "base.*" sets every child itself; "~1" is a literal dot in a key.
        volume.write("c.json", "{\"ports\": [1, 2], \"hosts\": {\"a\": \"x\", \"b\": \"y\"}, \"a.b\": {\"c\": 0}}");

        volume.applyOne("""
        { "parser": "json", "file": "c.json", "replace": [
          { "match": "ports.*", "replace_with": "25565" },
          { "match": "hosts.*", "if_value": "x", "replace_with": "0.0.0.0" },
          { "match": "a~1b.c", "replace_with": "1" } ] }
        """);

        assertThat(volume.read("c.json")).isEqualTo("""
        {
            "ports": [
                25565,
                25565
            ],
            "hosts": {
                "a": "0.0.0.0",
                "b": "y"
            },
            "a.b": {
                "c": 1
            }
        }""");
    }

    @Test
    void numericSegmentOnAMissingPathCreatesAnObjectKey() throws Exception {
        // §4.5: "arr.1.x" on a missing path creates an object key "1"; into a short array it fails.
        volume.write("c.json", "{\"arr\": [0]}");

        ConfigFileResult missing = volume.applyOne("""
        { "parser": "json", "file": "c.json", "replace": [ { "match": "obj.1.x", "replace_with": "a" } ] }
        """);
        ConfigFileResult outOfRange = volume.applyOne("""
        { "parser": "json", "file": "c.json", "replace": [ { "match": "arr.1", "replace_with": "a" } ] }
        """);

        assertThat(missing.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(outOfRange.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(volume.read("c.json")).isEqualTo("""
        {
            "arr": [
                0
            ],
            "obj": {
                "1": {
                    "x": "a"
                }
            }
        }""");
    }

    @Test
    void fileOfManyTinyNodesAboveTheNodeBudgetIsRefusedAndLeftUntouched() throws Exception {
        // issue #10 item 9: the node budget bounds the heap the tree takes, beside the 64 MiB size cap.
        StringBuilder many = new StringBuilder("{\"name\":\"x\",\"a\":[");
        for (long i = 0; i < ConfigFileStore.MAX_NODES * 2; i++) {
            many.append(i == 0 ? "0" : ",0");
        }
        String content = many.append("]}").toString();
        volume.write("enshrouded_server.json", content);

        ConfigFileResult result = volume.applyOne(ENSHROUDED);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().containsIgnoringCase("token count");
        assertThat(volume.read("enshrouded_server.json")).isEqualTo(content);
    }
}
