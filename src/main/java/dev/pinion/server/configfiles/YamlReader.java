package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the first YAML document into a tree the way Wings' yaml.v3 decodes it: YAML 1.2 scalars
 * ({@code yes}/{@code on} stay strings, {@code 0o17} is octal), aliases and {@code <<} merges
 * expanded, duplicate keys an error. SnakeYAML (Jackson's own YAML backend) only builds the node
 * graph; typing is done here, and integers of any size are kept exactly (spec README decision).
 *
 * <p>Deviation: unquoted timestamps stay as written where Wings rewrites them in RFC 3339.
 */
final class YamlReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL_LEGACY = Pattern.compile("[-+]?0[0-7]+");
    private static final Pattern PREFIXED = Pattern.compile("([-+]?)0([xXoObB])([0-9a-fA-F]+)");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    /** Plain scalars come back untyped (tagged str) so this class alone decides their type. */
    private static final class UntypedResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {}
    }

    private final int contentLength;
    /** Guards against alias bombs: a document may not expand far beyond its own size. */
    private long budget;

    private final Set<Node> converting = Collections.newSetFromMap(new IdentityHashMap<>());

    private YamlReader(int contentLength) {
        this.contentLength = contentLength;
    }

    /** The first document, or null when there is none. */
    static JsonNode read(String text) throws ConfigFileException {
        return new YamlReader(text.length()).readFirst(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private JsonNode readFirst(String text) throws ConfigFileException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(10_000);
        options.setNestingDepthLimit(1_000);
        options.setAllowRecursiveKeys(false);
        budget = 10L * contentLength + 10_000;
        Node root;
        try {
            Composer composer = new Composer(
                    new CountingParser(new ParserImpl(new StreamReader(new StringReader(text)), options)),
                    new UntypedResolver(),
                    options);
            root = composer.checkNode() ? composer.getNode() : null;
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            String where = e.getProblemMark() == null
                    ? ""
                    : " (line " + (e.getProblemMark().getLine() + 1) + ", column "
                            + (e.getProblemMark().getColumn() + 1) + ")";
            throw new ConfigFileException("invalid YAML: " + problem + where);
        } catch (YAMLException e) {
            throw new ConfigFileException("invalid YAML: " + e.getMessage());
        }
        return root == null ? null : convert(root);
    }

    private JsonNode convert(Node node) throws ConfigFileException {
        if (--budget < 0) {
            throw new ConfigFileException("invalid YAML: the document contains excessive aliasing");
        }
        if (!converting.add(node)) {
            throw new ConfigFileException("invalid YAML: an alias refers to its own parent" + line(node));
        }
        try {
            return switch (node) {
                case ScalarNode scalar -> scalar(scalar);
                case SequenceNode sequence -> {
                    ArrayNode out = NODES.arrayNode();
                    for (Node item : sequence.getValue()) {
                        out.add(convert(item));
                    }
                    yield out;
                }
                case MappingNode mapping -> mapping(mapping);
                default -> throw new ConfigFileException("invalid YAML: unsupported node" + line(node));
            };
        } finally {
            converting.remove(node);
        }
    }

    private ObjectNode mapping(MappingNode mapping) throws ConfigFileException {
        ObjectNode out = NODES.objectNode();
        Set<String> merged = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigFileException(
                        "invalid YAML: a mapping key must be a scalar" + line(tuple.getKeyNode()));
            }
            String key = keyNode.getValue();
            if (key.equals("<<") && keyNode.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                merge(out, merged, tuple.getValueNode());
                continue;
            }
            if (out.has(key) && !merged.remove(key)) {
                throw new ConfigFileException(
                        "invalid YAML: mapping key \"" + key + "\" already defined" + line(keyNode));
            }
            out.set(key, convert(tuple.getValueNode()));
        }
        return out;
    }

    /** Merged keys never override the mapping's own; the mapping's own keys may override merged ones. */
    private void merge(ObjectNode into, Set<String> merged, Node source) throws ConfigFileException {
        List<Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
        for (Node s : sources) {
            JsonNode value = convert(s);
            if (!value.isObject()) {
                throw new ConfigFileException("invalid YAML: map merge requires a mapping" + line(s));
            }
            var fields = value.properties().iterator();
            while (fields.hasNext()) {
                var field = fields.next();
                if (!into.has(field.getKey())) {
                    into.set(field.getKey(), field.getValue());
                    merged.add(field.getKey());
                }
            }
        }
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String v = scalar.getValue();
        if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return NODES.textNode(v);
        }
        if (NULLS.contains(v)) {
            return NODES.nullNode();
        }
        switch (v) {
            case "true", "True", "TRUE" -> {
                return NODES.booleanNode(true);
            }
            case "false", "False", "FALSE" -> {
                return NODES.booleanNode(false);
            }
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                return NODES.numberNode(Double.POSITIVE_INFINITY);
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return NODES.numberNode(Double.NEGATIVE_INFINITY);
            }
            case ".nan", ".NaN", ".NAN" -> {
                return NODES.numberNode(Double.NaN);
            }
            default -> {}
        }
        char first = v.charAt(0);
        if (!(first == '+' || first == '-' || first == '.' || (first >= '0' && first <= '9'))) {
            return NODES.textNode(v);
        }
        String plain = v.replace("_", "");
        if (OCTAL_LEGACY.matcher(plain).matches()) {
            return integer(plain.replaceFirst("0", ""), 8);
        }
        if (DECIMAL.matcher(plain).matches() && !unsignedDigits(plain).startsWith("0")) {
            return integer(plain, 10);
        }
        if (DECIMAL.matcher(plain).matches() && unsignedDigits(plain).equals("0")) {
            return NODES.numberNode(0);
        }
        var prefixed = PREFIXED.matcher(plain);
        if (prefixed.matches()) {
            int radix = switch (Character.toLowerCase(prefixed.group(2).charAt(0))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            try {
                return integer(prefixed.group(1) + prefixed.group(3), radix);
            } catch (NumberFormatException notDigitsOfThatRadix) {
                return NODES.textNode(v);
            }
        }
        if (FLOAT.matcher(plain).matches()) {
            return NODES.numberNode(Double.parseDouble(plain));
        }
        return NODES.textNode(v);
    }

    private static String unsignedDigits(String s) {
        return s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    }

    private static JsonNode integer(String digits, int radix) {
        BigInteger value = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits, radix);
        return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    private static String line(Node node) {
        return node.getStartMark() == null
                ? ""
                : " (line " + (node.getStartMark().getLine() + 1) + ")";
    }

    /**
     * Counts parser events before the composer builds its node graph: the conversion budget above only
     * runs after composing, so a 64 MiB file of tiny nodes would first take gigabytes of heap
     * (issue #10 item 9). Each node is at least one event.
     */
    private static final class CountingParser implements Parser {
        private final Parser delegate;
        private long events;

        CountingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            if (++events > 2 * ConfigFileStore.MAX_NODES) {
                throw new YAMLException("the file has more than " + ConfigFileStore.MAX_NODES
                        + " YAML nodes, above the budget for configuration files, so it was not changed");
            }
            return delegate.getEvent();
        }
    }
}
