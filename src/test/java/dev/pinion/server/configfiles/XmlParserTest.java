package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * None of the Panel's seeded eggs uses the xml parser; these use a realistic game config and the
 * rules of server-lifecycle-docker.md §4.4 xml.
 */
class XmlParserTest {
    @TempDir
    Path temp;

    Path root;
    Volume volume;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(temp.resolve("volume"));
        volume = new Volume(root);
    }

    static final String GAME = """
      { "parser": "xml", "file": "serverconfig.xml", "replace": [
        { "match": "Config.Server.Name", "replace_with": "Tom & Jerry <EU>" },
        { "match": "Config.Server.Port", "replace_with": "{{server.build.default.port}}" },
        { "match": "Config.Server.Bind", "replace_with": "[value='0.0.0.0']" },
        { "match": "Config.Server.QueryPort", "replace_with": 25566 },
        { "match": "Config.Mods.*", "replace_with": "x" } ] }
      """;

    @Test
    void gameConfigIsReindentedWithTextAttributesCreatedElementsAndWildcard() throws Exception {
        volume.write("serverconfig.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Dedicated server settings -->
        <Config>
            <Server>
                <Name>My Server</Name>
                <Port>7777</Port>
                <Bind value="127.0.0.1" note='a "quoted" value'/>
            </Server>
            <Mods>
                <Mod>a</Mod>
                <Mod>b</Mod>
            </Mods>
        </Config>
        """);

        assertThat(volume.applyOne(GAME).outcome()).isEqualTo(Outcome.UPDATED);

        // etree Indent(2): two spaces, declaration and comment kept, every special character escaped.
        assertThat(volume.read("serverconfig.xml")).isEqualTo("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Dedicated server settings -->
        <Config>
          <Server>
            <Name>Tom &amp; Jerry &lt;EU&gt;</Name>
            <Port>25565</Port>
            <Bind value="0.0.0.0" note="a &quot;quoted&quot; value"/>
            <QueryPort>25566</QueryPort>
          </Server>
          <Mods>
            <Mod>x</Mod>
            <Mod>x</Mod>
          </Mods>
        </Config>
        """);
    }

    @Test
    void missingXmlIsCreatedWithADeclarationAndTheRootOfTheFirstPath() throws Exception {
        volume.applyOne("""
        { "parser": "xml", "file": "serverconfig.xml", "replace": [
          { "match": "Config.Server.Port", "replace_with": "25565" } ] }
        """);

        assertThat(volume.read("serverconfig.xml")).isEqualTo("""
        <?xml version="1.0" encoding="utf-8"?>
        <Config>
          <Server>
            <Port>25565</Port>
          </Server>
        </Config>
        """);
    }

    @Test
    void ifValueIsHonouredForTextAndAttributes() throws Exception {
        volume.write("c.xml", "<Config><Ip>127.0.0.1</Ip><Name>keep</Name><Bind value=\"localhost:1\"/></Config>");

        volume.applyOne("""
        { "parser": "xml", "file": "c.xml", "replace": [
          { "match": "Config.Ip", "if_value": "127.0.0.1", "replace_with": "0.0.0.0" },
          { "match": "Config.Name", "if_value": "other", "replace_with": "changed" },
          { "match": "Config.Bind", "if_value": "regex:^localhost(:\\\\d+)$", "replace_with": "[value='{{config.docker.interface}}$1']" } ] }
        """);

        assertThat(volume.read("c.xml")).isEqualTo("""
        <Config>
          <Ip>0.0.0.0</Ip>
          <Name>keep</Name>
          <Bind value="172.18.0.1:1"/>
        </Config>
        """);
    }

    @Test
    void externalEntitiesAreNeverResolvedAndTheFileIsLeftUntouched() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "node-token");
        String before = "<?xml version=\"1.0\"?>\n<!DOCTYPE Config [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<Config><Name>&xxe;</Name></Config>\n";
        volume.write("c.xml", before);

        ConfigFileResult result = volume.applyOne("""
        { "parser": "xml", "file": "c.xml", "replace": [ { "match": "Config.Port", "replace_with": "1" } ] }
        """);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem())
                .get()
                .asString()
                .startsWith(
                        "Could not update configuration file \"c.xml\" (xml parser): invalid XML: The entity \"xxe\"");
        assertThat(volume.read("c.xml")).isEqualTo(before).doesNotContain("node-token</Name>");
    }

    @Test
    void malformedXmlFailsNamingTheFileAndLeavesItUntouched() throws Exception {
        String before = "<Config><Server></Config>\n";
        volume.write("c.xml", before);

        ConfigFileResult result = volume.applyOne("""
        { "parser": "xml", "file": "c.xml", "replace": [ { "match": "Config.Port", "replace_with": "1" } ] }
        """);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("\"c.xml\"").contains("invalid XML");
        assertThat(volume.read("c.xml")).isEqualTo(before);
    }

    @Test
    void commentsCdataAndInstructionsInsideElementsAreKept() throws Exception {
        volume.write(
                "c.xml",
                "<Config>\n<!-- port -->\n<Port>1</Port>\n<Script><![CDATA[a < b]]></Script>\n<?keep me?>\n<Empty></Empty>\n</Config>\n");

        volume.applyOne("""
        { "parser": "xml", "file": "c.xml", "replace": [ { "match": "Config.Port", "replace_with": "2" } ] }
        """);

        assertThat(volume.read("c.xml")).isEqualTo("""
        <Config>
          <!-- port -->
          <Port>2</Port>
          <Script><![CDATA[a < b]]></Script>
          <?keep me?>
          <Empty/>
        </Config>
        """);
    }

    @Test
    void etreePredicatesSelectElementsByAttributeAsInWings() throws Exception {
        // Wings hands the path to etree, so a 7 Days to Die style serverconfig.xml can be addressed by name.
        volume.write("serverconfig.xml", """
        <?xml version="1.0"?>
        <ServerSettings>
          <property name="ServerName" value="My Game Host"/>
          <property name="ServerPort" value="26900"/>
          <property name="Region.Name" value="EU"/>
        </ServerSettings>
        """);

        volume.applyOne("""
        { "parser": "xml", "file": "serverconfig.xml", "replace": [
          { "match": "ServerSettings.property[@name='ServerPort']", "replace_with": "[value='{{server.build.default.port}}']" },
          { "match": "ServerSettings.property[@name='Region.Name']", "replace_with": "[value='US']" },
          { "match": "ServerSettings.property[@name='Missing']", "replace_with": "[value='x']" },
          { "match": "ServerSettings.property[1]", "replace_with": "[value='Pinion']" } ] }
        """);

        assertThat(volume.read("serverconfig.xml")).isEqualTo("""
        <?xml version="1.0"?>
        <ServerSettings>
          <property name="ServerName" value="Pinion"/>
          <property name="ServerPort" value="25565"/>
          <property name="Region.Name" value="US"/>
        </ServerSettings>
        """);
    }

    @Test
    void fileOfManyTinyElementsAboveTheNodeBudgetIsRefusedAndLeftUntouched() throws Exception {
        // issue #10 item 9: the node budget bounds the tree's heap beside the 64 MiB size cap.
        StringBuilder many = new StringBuilder("<Config><Server><Name>x</Name></Server>");
        for (long i = 0; i < ConfigFileStore.MAX_NODES; i++) {
            many.append("<a/>");
        }
        String content = many.append("</Config>").toString();
        volume.write("serverconfig.xml", content);

        ConfigFileResult result = volume.applyOne(GAME);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("XML nodes");
        assertThat(volume.read("serverconfig.xml")).isEqualTo(content);
    }

    @Test
    void entityBombIsRefusedWithoutExpandingAndLeftUntouched() throws Exception {
        // DTDs are off: a billion-laughs file fails to parse instead of expanding.
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE Config [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>"
                + "<Config><Server><Name>&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;</Name></Server></Config>";
        volume.write("serverconfig.xml", bomb);

        ConfigFileResult result = volume.applyOne(GAME);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(volume.read("serverconfig.xml")).isEqualTo(bomb);
    }
}
