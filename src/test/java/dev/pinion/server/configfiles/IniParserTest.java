package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniParserTest {
    @TempDir
    Path root;

    Volume volume;

    @BeforeEach
    void setUp() {
        volume = new Volume(root);
    }

    /** The Mumble egg's replacements (panel egg-mumble-server.json; server-lifecycle-docker.md §4.7 D). */
    static final String MUMBLE = """
      { "parser": "ini", "file": "murmur.ini", "replace": [
        { "match": "database", "replace_with": "/home/container/murmur.sqlite" },
        { "match": "logfile", "replace_with": "/home/container/murmur.log" },
        { "match": "port", "replace_with": "64738" },
        { "match": "host", "replace_with": "0.0.0.0" },
        { "match": "users", "replace_with": "100" } ] }
      """;

    @Test
    void murmurIniIsRewrittenExactlyAsWingsWritesIt() throws Exception {
        // Before and after are the verified go-ini outputs of §4.7 D (aligned "=", "; " comments, quotes
        // removed, new keys appended to the default section, a blank line after every section).
        volume.write("murmur.ini", """
        ; Murmur configuration file.
        ;
        ; General notes:
        database=

        ;dbDriver=QMYSQL
        ice="tcp -h 127.0.0.1 -p 6502"

        ; Port to bind TCP and UDP sockets to.
        port = 30033

        ; Specific IP or hostname to bind to.
        ;host=

        users=100

        [Ice]
        Ice.Warn.UnknownProperties=1
        Ice.MessageSizeMax=65536
        """);

        assertThat(volume.applyOne(MUMBLE).outcome()).isEqualTo(Outcome.UPDATED);

        assertThat(volume.read("murmur.ini")).isEqualTo("""
        ; Murmur configuration file.
        ;\s
        ; General notes:
        database = /home/container/murmur.sqlite
        ; dbDriver=QMYSQL
        ice      = tcp -h 127.0.0.1 -p 6502
        ; Port to bind TCP and UDP sockets to.
        port     = 64738
        ; Specific IP or hostname to bind to.
        ; host=
        users    = 100
        logfile  = /home/container/murmur.log
        host     = 0.0.0.0

        [Ice]
        Ice.Warn.UnknownProperties = 1
        Ice.MessageSizeMax         = 65536

        """);
    }

    @Test
    void sectionPathsReachNamedSectionsAndCreateMissingOnesAtTheEnd() throws Exception {
        // §4.4 ini: the first dot separates the section, later dots belong to the key, brackets group.
        volume.write("c.ini", "[Ice]\nWarn.UnknownProperties=1\n");

        volume.applyOne("""
        { "parser": "ini", "file": "c.ini", "replace": [
          { "match": "Ice.Warn.UnknownProperties", "replace_with": "0" },
          { "match": "[a.b].c", "replace_with": "x;y" },
          { "match": "[].x.y", "replace_with": " padded " } ] }
        """);

        assertThat(volume.read("c.ini")).isEqualTo("""
        x.y = " padded "

        [Ice]
        Warn.UnknownProperties = 0

        [a.b]
        c = `x;y`

        """);
    }

    @Test
    void ifValueIsHonouredForIni() throws Exception {
        volume.write("c.ini", "[server]\nip=127.0.0.1\nname=keep\nhost=localhost:1\n");

        volume.applyOne("""
        { "parser": "ini", "file": "c.ini", "replace": [
          { "match": "server.ip", "if_value": "127.0.0.1", "replace_with": "0.0.0.0" },
          { "match": "server.name", "if_value": "other", "replace_with": "changed" },
          { "match": "server.host", "if_value": "regex:^localhost(:\\\\d+)$", "replace_with": "{{config.docker.interface}}$1" },
          { "match": "server.absent", "if_value": "x", "replace_with": "y" } ] }
        """);

        assertThat(volume.read("c.ini")).isEqualTo("[server]\nip   = 0.0.0.0\nname = keep\nhost = 172.18.0.1:1\n\n");
    }

    @Test
    void lineWithoutDelimiterFailsAndLeavesTheFileUntouched() throws Exception {
        String before = "[a]\nthis line has no delimiter\n";
        volume.write("c.ini", before);

        ConfigFileResult result = volume.applyOne(MUMBLE.replace("murmur.ini", "c.ini"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("\"c.ini\"").contains("delimiter");
        assertThat(volume.read("c.ini")).isEqualTo(before);
    }

    @Test
    void missingIniIsCreatedWithTheReplacements() throws Exception {
        volume.applyOne("""
        { "parser": "ini", "file": "c.ini", "replace": [ { "match": "port", "replace_with": "1" } ] }
        """);

        assertThat(volume.read("c.ini")).isEqualTo("port = 1\n\n");
    }

    @Test
    void commentsAreNormalisedAndDuplicateKeysKeepTheFirstPosition() throws Exception {
        // go-ini: "#x" becomes "# x", a section's comment stays above it, inline comments are cut,
        // a repeated key keeps its first position with the last value.
        volume.write("c.ini", "#top\n[s]\nb = 1 ; inline\na=2\nb=3\n");

        volume.applyOne("""
        { "parser": "ini", "file": "c.ini", "replace": [] }
        """);

        assertThat(volume.read("c.ini")).isEqualTo("# top\n[s]\nb = 3\na = 2\n\n");
    }
}
