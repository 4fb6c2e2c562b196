package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFileParserTest {
    @TempDir
    Path root;

    Volume volume;

    @BeforeEach
    void setUp() {
        volume = new Volume(root);
    }

    @Test
    void linesStartingWithAMatchAreReplacedAndCrlfBecomesLf() throws Exception {
        // §4.4 file: byte-prefix match, every output line ends with \n, a trailing \r is dropped.
        volume.write("start.cfg", "port=1\r\nname=x\r\nkeep me");

        volume.applyOne("""
        { "parser": "file", "file": "start.cfg", "replace": [
          { "match": "port=", "replace_with": "port=25565" },
          { "match": "name", "replace_with": "name=Steve" } ] }
        """);

        assertThat(volume.read("start.cfg")).isEqualTo("port=25565\nname=Steve\nkeep me\n");
    }

    @Test
    void twoMatchingPrefixesPutBothTextsOnOneLine() throws Exception {
        // §4.4 file: the Quirk that eggs may depend on.
        volume.write("a.txt", "server-port=1\n");

        volume.applyOne("""
        { "parser": "file", "file": "a.txt", "replace": [
          { "match": "server", "replace_with": "A" },
          { "match": "server-port", "replace_with": "B" } ] }
        """);

        assertThat(volume.read("a.txt")).isEqualTo("AB\n");
    }

    @Test
    void nodeConfigPlaceholdersAreNotResolvedByTheFileParser() throws Exception {
        // §4.4 file: "No {{config.…}} resolution".
        volume.write("a.txt", "bind\n");

        volume.applyOne("""
        { "parser": "file", "file": "a.txt", "replace": [ { "match": "bind", "replace_with": "bind={{config.docker.interface}}" } ] }
        """);

        assertThat(volume.read("a.txt")).isEqualTo("bind={{config.docker.interface}}\n");
    }

    @Test
    void missingFileIsCreatedEmptyAndStaysEmpty() throws Exception {
        volume.applyOne("""
        { "parser": "file", "file": "a.txt", "replace": [ { "match": "x", "replace_with": "y" } ] }
        """);

        assertThat(volume.bytes("a.txt")).isEmpty();
    }

    @Test
    void ifValueIsTestedAgainstTheWholeLine() throws Exception {
        // Spec README decision: if_value works for every parser (Wings ignores it for "file").
        volume.write("a.txt", "ip=127.0.0.1\nip2=example\nbind=localhost:7777\n");

        volume.applyOne("""
        { "parser": "file", "file": "a.txt", "replace": [
          { "match": "ip=", "if_value": "ip=127.0.0.1", "replace_with": "ip=0.0.0.0" },
          { "match": "ip2=", "if_value": "ip2=127.0.0.1", "replace_with": "ip2=0.0.0.0" },
          { "match": "bind=", "if_value": "regex:localhost(:\\\\d+)$", "replace_with": "0.0.0.0$1" } ] }
        """);

        assertThat(volume.read("a.txt")).isEqualTo("ip=0.0.0.0\nip2=example\nbind=0.0.0.0:7777\n");
    }
}
