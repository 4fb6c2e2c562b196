package dev.pinion.server.configfiles;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code xml} parser (server-lifecycle-docker.md §4.4): {@code Root.A.B} addresses elements from
 * the root ({@code *} matches any child), missing elements are created, {@code [name='value']} sets an
 * attribute and anything else the element's text; {@code if_value} is honoured (spec README decision,
 * where Wings ignores it).
 */
final class XmlConfigParser implements ConfigFileParser {
    /** Wings' attribute form, {@code [value='hello']}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("^\\[(\\w+)='(.*)']$", Pattern.DOTALL);

    @Override
    public byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException {
        XmlTree tree = XmlTree.parse(content);
        if (tree.root().isEmpty()
                && tree.top.stream()
                        .noneMatch(n ->
                                n instanceof XmlTree.ProcInst p && p.target().equals("xml"))) {
            tree.top.add(new XmlTree.ProcInst("xml", "version=\"1.0\" encoding=\"utf-8\""));
        }
        for (int i = 0; i < replacements.size(); i++) {
            ResolvedReplacement r = replacements.get(i);
            List<XmlPath.Segment> segments = XmlPath.parse(r.match());
            if (i == 0 && tree.root().isEmpty()) {
                tree.top.add(new XmlTree.Element(segments.get(0).tag()));
            }
            XmlTree.Element root =
                    tree.root().orElseThrow(() -> new ConfigFileException("the document has no root element"));
            if (!r.match().contains("*")) {
                ensureChain(root, segments);
            }
            for (XmlTree.Element element : XmlPath.find(root, segments)) {
                apply(element, r);
            }
        }
        return tree.write().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Wings builds the chain of segments 2..n under the actual root (even when the first segment names
     * another tag). A step with a predicate is only followed, never created: Wings would create an
     * element literally named {@code property[@name='x']}, which is not XML.
     */
    private static void ensureChain(XmlTree.Element root, List<XmlPath.Segment> segments) {
        XmlTree.Element element = root;
        for (XmlPath.Segment segment : segments.subList(1, segments.size())) {
            XmlTree.Element current = element;
            if (segment.plain()) {
                element = current.firstChild(segment.tag()).orElseGet(() -> current.createChild(segment.tag()));
            } else {
                List<XmlTree.Element> found = segment.select(current);
                if (found.isEmpty()) {
                    return;
                }
                element = found.get(0);
            }
        }
    }

    private static void apply(XmlTree.Element element, ResolvedReplacement r) {
        Matcher attribute = ATTRIBUTE.matcher(r.text());
        if (attribute.matches()) {
            String name = attribute.group(1);
            String value = attribute.group(2);
            Optional<String> current = element.attribute(name);
            ResolvedReplacement asValue = new ResolvedReplacement(r.match(), r.ifValue(), value, false);
            switch (IfValue.decide(asValue, current)) {
                case IfValue.Skip skip -> {}
                case IfValue.Replace replace -> element.setAttribute(name, value);
                case IfValue.RegexResult result -> element.setAttribute(name, result.text());
            }
            return;
        }
        switch (IfValue.decide(r, Optional.of(element.text()))) {
            case IfValue.Skip skip -> {}
            case IfValue.Replace replace -> element.setText(r.text());
            case IfValue.RegexResult result -> element.setText(result.text());
        }
    }
}
