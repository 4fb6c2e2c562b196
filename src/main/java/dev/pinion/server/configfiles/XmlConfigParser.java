package dev.pinion.server.configfiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    if (tree.root().isEmpty() && tree.top.stream().noneMatch(n -> n instanceof XmlTree.ProcInst p && p.target().equals("xml"))) {
      tree.top.add(new XmlTree.ProcInst("xml", "version=\"1.0\" encoding=\"utf-8\""));
    }
    for (int i = 0; i < replacements.size(); i++) {
      ResolvedReplacement r = replacements.get(i);
      String[] segments = r.match().split("\\.", -1);
      if (i == 0 && tree.root().isEmpty()) {
        tree.top.add(new XmlTree.Element(segments[0]));
      }
      XmlTree.Element root = tree.root().orElseThrow(() -> new ConfigFileException("the document has no root element"));
      if (!r.match().contains("*")) {
        // Wings builds the chain under the actual root even when the first segment names another tag.
        XmlTree.Element element = root;
        for (int s = 1; s < segments.length; s++) {
          String tag = segments[s];
          XmlTree.Element current = element;
          element = current.firstChild(tag).orElseGet(() -> current.createChild(tag));
        }
      }
      for (XmlTree.Element element : find(root, segments)) {
        apply(element, r);
      }
    }
    return tree.write().getBytes(StandardCharsets.UTF_8);
  }

  private static List<XmlTree.Element> find(XmlTree.Element root, String[] segments) {
    List<XmlTree.Element> current = new ArrayList<>();
    if (segments[0].equals("*") || segments[0].equals(root.name)) {
      current.add(root);
    }
    for (int s = 1; s < segments.length; s++) {
      List<XmlTree.Element> next = new ArrayList<>();
      for (XmlTree.Element e : current) {
        next.addAll(e.childElements(segments[s]));
      }
      current = next;
    }
    return current;
  }

  private static void apply(XmlTree.Element element, ResolvedReplacement r) {
    Matcher attribute = ATTRIBUTE.matcher(r.text());
    if (attribute.matches()) {
      String name = attribute.group(1);
      String value = attribute.group(2);
      Optional<String> current = element.attribute(name);
      ResolvedReplacement asValue = new ResolvedReplacement(r.match(), r.ifValue(), value, false);
      switch (IfValue.decide(asValue, current)) {
        case IfValue.Skip skip -> { }
        case IfValue.Replace replace -> element.setAttribute(name, value);
        case IfValue.RegexResult result -> element.setAttribute(name, result.text());
      }
      return;
    }
    switch (IfValue.decide(r, Optional.of(element.text()))) {
      case IfValue.Skip skip -> { }
      case IfValue.Replace replace -> element.setText(r.text());
      case IfValue.RegexResult result -> element.setText(result.text());
    }
  }
}
