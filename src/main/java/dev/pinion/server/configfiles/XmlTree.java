package dev.pinion.server.configfiles;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small XML tree shaped like the one Wings' library (etree) keeps: elements with attributes in
 * document order, character data, comments, processing instructions and directives; read with the
 * JDK's StAX parser with DTDs and external entities disabled, written as etree writes after
 * {@code Indent(2)}.
 */
final class XmlTree {
    /** A node of the tree. */
    sealed interface Node permits Element, CharData, Comment, ProcInst, Directive {}

    /** An attribute, kept in document order. */
    static final class Attr {
        final String name;
        String value;

        Attr(String name, String value) {
            this.name = name;
            this.value = value;
        }
    }

    /** An element; {@code children} holds every kind of node. */
    static final class Element implements Node {
        final String name;
        final List<Attr> attributes = new ArrayList<>();
        final List<Node> children = new ArrayList<>();

        Element(String name) {
            this.name = name;
        }

        Optional<Element> firstChild(String tag) {
            return children.stream()
                    .filter(c -> c instanceof Element e && e.name.equals(tag))
                    .map(Element.class::cast)
                    .findFirst();
        }

        List<Element> childElements(String tag) {
            return children.stream()
                    .filter(c -> c instanceof Element e && (tag.equals("*") || e.name.equals(tag)))
                    .map(Element.class::cast)
                    .toList();
        }

        Element createChild(String tag) {
            Element child = new Element(tag);
            children.add(child);
            return child;
        }

        /** etree's Text(): the character data before the first other child. */
        String text() {
            StringBuilder out = new StringBuilder();
            for (Node n : children) {
                if (!(n instanceof CharData cd)) {
                    break;
                }
                out.append(cd.data);
            }
            return out.toString();
        }

        /** etree's SetText(): replaces the leading character data; empty text removes it. */
        void setText(String text) {
            int end = 0;
            while (end < children.size() && children.get(end) instanceof CharData) {
                end++;
            }
            children.subList(0, end).clear();
            if (!text.isEmpty()) {
                children.add(0, new CharData(text, false));
            }
        }

        Optional<String> attribute(String key) {
            return attributes.stream()
                    .filter(a -> a.name.equals(key))
                    .map(a -> a.value)
                    .findFirst();
        }

        /** etree's CreateAttr(): replaces the value of an existing attribute in place, else appends. */
        void setAttribute(String key, String value) {
            for (Attr a : attributes) {
                if (a.name.equals(key)) {
                    a.value = value;
                    return;
                }
            }
            attributes.add(new Attr(key, value));
        }
    }

    record CharData(String data, boolean cdata) implements Node {
        boolean isWhitespace() {
            return !cdata && data.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\r');
        }
    }

    record Comment(String data) implements Node {}

    record ProcInst(String target, String data) implements Node {}

    record Directive(String data) implements Node {}

    /** The document's top-level nodes: declaration, comments, directives and the root element. */
    final List<Node> top = new ArrayList<>();

    Optional<Element> root() {
        return top.stream()
                .filter(Element.class::isInstance)
                .map(Element.class::cast)
                .findFirst();
    }

    static XmlTree parse(byte[] content) throws ConfigFileException {
        XmlTree tree = new XmlTree();
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            return tree;
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try {
            factory.setProperty("http://java.sun.com/xml/stream/properties/report-cdata-event", true);
        } catch (IllegalArgumentException unsupported) {
            // Another StAX implementation: CDATA then comes back as plain text, which is still correct.
        }
        List<Element> open = new ArrayList<>();
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(content));
            if (r.getVersion() != null) {
                StringBuilder decl =
                        new StringBuilder("version=\"").append(r.getVersion()).append('"');
                if (r.getCharacterEncodingScheme() != null) {
                    decl.append(" encoding=\"")
                            .append(r.getCharacterEncodingScheme())
                            .append('"');
                }
                if (r.standaloneSet()) {
                    decl.append(" standalone=\"")
                            .append(r.isStandalone() ? "yes" : "no")
                            .append('"');
                }
                tree.top.add(new ProcInst("xml", decl.toString()));
            }
            long nodes = 0;
            while (r.hasNext()) {
                int event = r.next();
                nodes += event == XMLStreamConstants.START_ELEMENT
                        ? 1 + r.getAttributeCount() + r.getNamespaceCount()
                        : 1;
                if (nodes > ConfigFileStore.MAX_NODES) {
                    throw new ConfigFileException("the file has more than " + ConfigFileStore.MAX_NODES
                            + " XML nodes, above the budget for configuration files, so it was not changed");
                }
                List<Node> into = open.isEmpty() ? tree.top : open.get(open.size() - 1).children;
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        Element e = new Element(qualified(r.getPrefix(), r.getLocalName()));
                        for (int i = 0; i < r.getNamespaceCount(); i++) {
                            String prefix = r.getNamespacePrefix(i);
                            e.attributes.add(new Attr(
                                    prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix,
                                    r.getNamespaceURI(i)));
                        }
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            e.attributes.add(new Attr(
                                    qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i)),
                                    r.getAttributeValue(i)));
                        }
                        into.add(e);
                        open.add(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> open.remove(open.size() - 1);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> appendText(into, r.getText());
                    case XMLStreamConstants.CDATA -> into.add(new CharData(r.getText(), true));
                    case XMLStreamConstants.COMMENT -> into.add(new Comment(r.getText()));
                    case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                        into.add(new ProcInst(r.getPITarget(), r.getPIData()));
                    case XMLStreamConstants.DTD -> into.add(new Directive(directive(r.getText())));
                    default -> {}
                }
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNumber() + ", column "
                            + e.getLocation().getColumnNumber() + ")";
            String message =
                    e.getMessage() == null ? "" : e.getMessage().replaceFirst("(?s)^ParseError at .*?Message:\\s*", "");
            throw new ConfigFileException("invalid XML: " + message.strip() + where);
        }
        return tree;
    }

    private static void appendText(List<Node> into, String text) {
        if (!into.isEmpty() && into.get(into.size() - 1) instanceof CharData last && !last.cdata()) {
            into.set(into.size() - 1, new CharData(last.data() + text, false));
        } else {
            into.add(new CharData(text, false));
        }
    }

    private static String qualified(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    private static String directive(String text) {
        String t = text.strip();
        if (t.startsWith("<!") && t.endsWith(">")) {
            return t.substring(2, t.length() - 1);
        }
        return t;
    }

    /** etree's Indent(2) followed by WriteTo. */
    String write() {
        StringBuilder out = new StringBuilder();
        writeChildren(top, 0, out);
        return out.toString();
    }

    private void writeChildren(List<Node> children, int depth, StringBuilder out) {
        boolean firstNonCharData = true;
        boolean lastWasCharData = false;
        boolean any = false;
        for (Node child : children) {
            if (child instanceof CharData cd && cd.isWhitespace()) {
                continue;
            }
            any = true;
            lastWasCharData = child instanceof CharData;
            if (!lastWasCharData) {
                if (!firstNonCharData || depth > 0) {
                    out.append(indent(depth));
                }
                firstNonCharData = false;
            }
            node(child, depth, out);
        }
        if (any && !lastWasCharData && (!firstNonCharData || depth > 0)) {
            out.append(indent(depth - 1));
        }
    }

    private static String indent(int depth) {
        return "\n" + "  ".repeat(Math.max(0, depth));
    }

    private void node(Node node, int depth, StringBuilder out) {
        switch (node) {
            case Element e -> {
                out.append('<').append(e.name);
                for (Attr a : e.attributes) {
                    out.append(' ')
                            .append(a.name)
                            .append("=\"")
                            .append(escape(a.value))
                            .append('"');
                }
                boolean hasChildren =
                        e.children.stream().anyMatch(c -> !(c instanceof CharData cd && cd.isWhitespace()));
                if (!hasChildren) {
                    out.append("/>");
                    return;
                }
                out.append('>');
                writeChildren(e.children, depth + 1, out);
                out.append("</").append(e.name).append('>');
            }
            case CharData cd -> out.append(cd.cdata() ? "<![CDATA[" + cd.data() + "]]>" : escape(cd.data()));
            case Comment c -> out.append("<!--").append(c.data()).append("-->");
            case ProcInst p ->
                out.append("<?")
                        .append(p.target())
                        .append(p.data().isEmpty() ? "" : " " + p.data())
                        .append("?>");
            case Directive d -> out.append("<!").append(d.data()).append('>');
        }
    }

    /** etree's normal escaping, used for both text and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> {
                    boolean valid = c == 0x09
                            || c == 0x0A
                            || c == 0x0D
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || (c >= 0x10000 && c <= 0x10FFFF);
                    out.appendCodePoint(valid ? c : 0xFFFD);
                }
            }
        });
        return out.toString();
    }
}
