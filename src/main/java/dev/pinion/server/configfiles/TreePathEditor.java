package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies one replacement to a JSON/YAML tree with Wings' key-path rules (server-lifecycle-docker.md
 * §4.5): dotted keys created as needed, {@code ~1}/{@code ~0} escapes, numeric segments into existing
 * arrays, one {@code name[N]} array index, and {@code base.*.rest} wildcards. Rows that are bugs
 * upstream follow the spec's recommendation: {@code name[N]} sets element N, {@code base.*} sets every
 * child, and {@code if_value} is tested against the value at the path (spec README decision).
 */
final class TreePathEditor {
    /** The first {@code [N]} that ends the path or is followed by a dot; later brackets are key text. */
    private static final Pattern INDEX = Pattern.compile("^(.*?)\\[(\\d+)](?:\\.(.*))?$", Pattern.DOTALL);

    void apply(ObjectNode root, ResolvedReplacement r) throws ConfigFileException {
        String match = r.match();
        int wildcard = match.indexOf(".*");
        if (wildcard >= 0) {
            String base = trimDots(match.substring(0, wildcard));
            String rest = trimDots(match.substring(wildcard + 2));
            JsonNode parent = base.isEmpty() ? root : find(root, base);
            if (parent == null || !parent.isContainerNode()) {
                return;
            }
            for (Slot child : children(parent)) {
                if (rest.isEmpty()) {
                    child.set(r);
                } else {
                    JsonNode node = child.get().orElseThrow();
                    if (!node.isContainerNode()) {
                        throw new ConfigFileException(
                                "cannot set \"" + rest + "\" under a value that is not an object in \"" + match + "\"");
                    }
                    setAt(node, rest, r);
                }
            }
            return;
        }
        setAt(root, match, r);
    }

    private void setAt(JsonNode container, String path, ResolvedReplacement r) throws ConfigFileException {
        Matcher index = INDEX.matcher(path);
        if (!index.matches()) {
            slot(container, segments(path), true, path).set(r);
            return;
        }
        String prefix = index.group(1);
        int n = parseIndex(index.group(2), path);
        String rest = index.group(3) == null ? "" : index.group(3);
        JsonNode array = prefix.isEmpty() ? container : find(container, prefix);
        if (array == null || !array.isArray()) {
            if (n != 0 || prefix.isEmpty()) {
                throw new ConfigFileException(
                        "\"" + prefix + "\" is not an array with an element " + n + " in \"" + path + "\"");
            }
            // Wings turns a missing (or non-array) list into one empty object so [0] can be filled.
            ArrayNode created = JsonNodeFactory.instance.arrayNode();
            created.addObject();
            Slot target = slot(container, segments(prefix), true, path);
            target.put(created);
            array = created;
        }
        if (n >= array.size()) {
            throw new ConfigFileException(
                    "index " + n + " is out of range for \"" + prefix + "\" (" + array.size() + " elements)");
        }
        Slot element = new ArraySlot((ArrayNode) array, n);
        if (rest.isEmpty()) {
            element.set(r);
            return;
        }
        JsonNode node = array.get(n);
        if (!node.isContainerNode()) {
            throw new ConfigFileException(
                    "element " + n + " of \"" + prefix + "\" is not an object in \"" + path + "\"");
        }
        slot(node, segments(rest), true, path).set(r);
    }

    /** Finds an existing node without creating anything; null when absent. */
    private JsonNode find(JsonNode from, String path) throws ConfigFileException {
        Matcher index = INDEX.matcher(path);
        if (index.matches()) {
            JsonNode array = index.group(1).isEmpty() ? from : find(from, index.group(1));
            int n = parseIndex(index.group(2), path);
            JsonNode element = array != null && array.isArray() ? array.get(n) : null;
            return element == null || index.group(3) == null ? element : find(element, index.group(3));
        }
        JsonNode current = from;
        for (String segment : segments(path)) {
            if (current.isObject()) {
                current = current.get(segment);
            } else if (current.isArray() && isIndex(segment)) {
                current = current.get(parseIndex(segment, path));
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** Walks to the last segment's slot, creating missing objects on the way. */
    private Slot slot(JsonNode container, List<String> segments, boolean create, String path)
            throws ConfigFileException {
        JsonNode current = container;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (current.isObject()) {
                ObjectNode object = (ObjectNode) current;
                if (last) {
                    return new ObjectSlot(object, segment);
                }
                JsonNode next = object.get(segment);
                if (next == null) {
                    next = object.putObject(segment);
                } else if (!next.isContainerNode()) {
                    throw new ConfigFileException(
                            "value collision at \"" + segment + "\" in \"" + path + "\": it is not an object");
                }
                current = next;
            } else if (current.isArray()) {
                ArrayNode array = (ArrayNode) current;
                if (segment.equals("-")) {
                    if (last) {
                        return new AppendSlot(array);
                    }
                    current = array.addObject();
                    continue;
                }
                if (!isIndex(segment)) {
                    throw new ConfigFileException(
                            "\"" + segment + "\" is not an index into an array in \"" + path + "\"");
                }
                int n = parseIndex(segment, path);
                if (n >= array.size()) {
                    throw new ConfigFileException(
                            "index " + n + " is out of range in \"" + path + "\" (" + array.size() + " elements)");
                }
                if (last) {
                    return new ArraySlot(array, n);
                }
                current = array.get(n);
                if (!current.isContainerNode()) {
                    throw new ConfigFileException(
                            "value collision at \"" + segment + "\" in \"" + path + "\": it is not an object");
                }
            } else {
                throw new ConfigFileException("value collision in \"" + path + "\"");
            }
        }
        throw new ConfigFileException("empty key path");
    }

    private static List<Slot> children(JsonNode parent) {
        List<Slot> slots = new ArrayList<>();
        if (parent.isArray()) {
            for (int i = 0; i < parent.size(); i++) {
                slots.add(new ArraySlot((ArrayNode) parent, i));
            }
        } else {
            Iterator<Map.Entry<String, JsonNode>> fields = parent.properties().iterator();
            while (fields.hasNext()) {
                slots.add(new ObjectSlot((ObjectNode) parent, fields.next().getKey()));
            }
        }
        return slots;
    }

    /** Splits on dots; {@code ~1} is a literal dot and {@code ~0} a literal tilde inside a key. */
    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("\\.", -1)) {
            out.add(s.replace("~1", ".").replace("~0", "~"));
        }
        return out;
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
    }

    private static int parseIndex(String digits, String path) throws ConfigFileException {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new ConfigFileException("index " + digits + " is out of range in \"" + path + "\"");
        }
    }

    private static String trimDots(String s) {
        return s.replaceAll("^\\.+|\\.+$", "");
    }

    /** A place a value can be written, with the value currently there (if any). */
    private abstract static class Slot {
        abstract Optional<JsonNode> get();

        abstract void put(JsonNode value);

        /** Writes the replacement if its {@code if_value} allows it. */
        final void set(ResolvedReplacement r) {
            Optional<String> current = get().map(TreePathEditor::stringForm);
            switch (IfValue.decide(r, current)) {
                case IfValue.Skip skip -> {}
                case IfValue.Replace replace -> put(r.typedValue());
                case IfValue.RegexResult result -> put(TextNode.valueOf(result.text()));
            }
        }
    }

    private static final class ObjectSlot extends Slot {
        private final ObjectNode object;
        private final String key;

        ObjectSlot(ObjectNode object, String key) {
            this.object = object;
            this.key = key;
        }

        @Override
        Optional<JsonNode> get() {
            return Optional.ofNullable(object.get(key));
        }

        @Override
        void put(JsonNode value) {
            object.set(key, value);
        }
    }

    private static final class ArraySlot extends Slot {
        private final ArrayNode array;
        private final int index;

        ArraySlot(ArrayNode array, int index) {
            this.array = array;
            this.index = index;
        }

        @Override
        Optional<JsonNode> get() {
            return Optional.ofNullable(array.get(index));
        }

        @Override
        void put(JsonNode value) {
            array.set(index, value);
        }
    }

    private static final class AppendSlot extends Slot {
        private final ArrayNode array;

        AppendSlot(ArrayNode array) {
            this.array = array;
        }

        @Override
        Optional<JsonNode> get() {
            return Optional.empty();
        }

        @Override
        void put(JsonNode value) {
            array.add(value);
        }
    }

    /** The text an {@code if_value} is compared with: strings as they are, other values as JSON. */
    static String stringForm(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return GoNumbers.json(node);
        }
        return node.toString();
    }
}
