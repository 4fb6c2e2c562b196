package dev.pinion.server.configfiles;

import java.util.Map;

/** Wings' parser names (exact, lowercase) and the parser behind each. */
final class ConfigFileParsers {
    private ConfigFileParsers() {}

    static Map<String, ConfigFileParser> byName() {
        ConfigFileParser yaml = new YamlConfigParser();
        return Map.of(
                "file", new TextFileConfigParser(),
                "properties", new PropertiesConfigParser(),
                "yaml", yaml,
                "yml", yaml,
                "json", new JsonConfigParser(),
                "ini", new IniConfigParser(),
                "xml", new XmlConfigParser());
    }
}
