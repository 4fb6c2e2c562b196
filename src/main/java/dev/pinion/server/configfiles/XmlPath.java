package dev.pinion.server.configfiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An xml parser match such as {@code Config.Server.Port} or
 * {@code ServerSettings.property[@name='ServerPort']}: Wings turns the dots into an etree path, so
 * etree's element predicates work too ({@code [@attr]}, {@code [@attr='v']}, {@code [tag]},
 * {@code [tag='v']}, {@code [text()='v']}, {@code [N]}) and {@code *} matches any element.
 * Dots inside a predicate's brackets do not split the path (in Wings they break it).
 */
final class XmlPath {
    private static final Pattern PREDICATE = Pattern.compile("\\[([^\\]]*)]");
    private static final Pattern COMPARISON = Pattern.compile("(@?[^=]+?|text\\(\\))\\s*=\\s*(['\"])(.*)\\2");

    /** One step: a tag (or {@code *}) and its predicates in order. */
    record Segment(String tag, List<String> predicates) {
        boolean plain() {
            return predicates.isEmpty() && !tag.equals("*");
        }

        /** The children of {@code parent} this step selects, predicates applied left to right. */
        List<XmlTree.Element> select(XmlTree.Element parent) {
            return filter(parent.childElements(tag));
        }

        List<XmlTree.Element> filter(List<XmlTree.Element> candidates) {
            List<XmlTree.Element> current = candidates;
            for (String predicate : predicates) {
                current = apply(predicate.strip(), current);
            }
            return current;
        }

        private static List<XmlTree.Element> apply(String predicate, List<XmlTree.Element> candidates) {
            if (predicate.matches("-?[0-9]+")) {
                int n = Integer.parseInt(predicate);
                int index = n > 0 ? n - 1 : candidates.size() + n;
                return index >= 0 && index < candidates.size() ? List.of(candidates.get(index)) : List.of();
            }
            Matcher comparison = COMPARISON.matcher(predicate);
            String subject = comparison.matches() ? comparison.group(1).strip() : predicate;
            Optional<String> expected = comparison.matches() ? Optional.of(comparison.group(3)) : Optional.empty();
            List<XmlTree.Element> out = new ArrayList<>();
            for (XmlTree.Element e : candidates) {
                List<String> values = new ArrayList<>();
                if (subject.equals("text()")) {
                    values.add(e.text());
                } else if (subject.startsWith("@")) {
                    e.attribute(subject.substring(1)).ifPresent(values::add);
                } else {
                    e.childElements(subject).forEach(child -> values.add(child.text()));
                }
                boolean keep = expected.isEmpty()
                        ? !values.isEmpty()
                                && !(subject.equals("text()") && values.get(0).isEmpty())
                        : values.contains(expected.get());
                if (keep) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    private XmlPath() {}

    static List<Segment> parse(String match) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < match.length(); i++) {
            char c = match.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == '.' && depth <= 0) {
                segments.add(segment(current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(segment(current.toString()));
        return segments;
    }

    private static Segment segment(String text) {
        int bracket = text.indexOf('[');
        String tag = bracket < 0 ? text : text.substring(0, bracket);
        List<String> predicates = new ArrayList<>();
        if (bracket >= 0) {
            Matcher m = PREDICATE.matcher(text.substring(bracket));
            while (m.find()) {
                predicates.add(m.group(1));
            }
        }
        return new Segment(tag, predicates);
    }

    /** Every element the path selects, starting with the root element itself. */
    static List<XmlTree.Element> find(XmlTree.Element root, List<Segment> segments) {
        Segment first = segments.get(0);
        List<XmlTree.Element> current =
                first.tag().equals("*") || first.tag().equals(root.name) ? first.filter(List.of(root)) : List.of();
        for (Segment segment : segments.subList(1, segments.size())) {
            List<XmlTree.Element> next = new ArrayList<>();
            for (XmlTree.Element e : current) {
                next.addAll(segment.select(e));
            }
            current = next;
        }
        return current;
    }
}
