package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/ leads somewhere: its file or folder exists in the
 * project, and its #anchor, if any, is a heading of the Markdown file it points into (GitHub's
 * anchors: lower case, punctuation dropped, spaces as hyphens).
 */
class DocumentationLinksTest {
  private static final Path ROOT =
      Path.of(System.getProperty("coopdistill.root", "..")).toAbsolutePath().normalize();
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The lines of {@code doc} outside fenced code blocks. */
  private static List<String> prose(Path doc) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.strip().startsWith("```")) fenced = !fenced;
      else if (!fenced) lines.add(line);
    }
    return lines;
  }

  /** GitHub's anchor of a heading. */
  static String anchor(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  private static Set<String> anchors(Path doc) throws IOException {
    Set<String> anchors = new HashSet<>();
    for (String line : prose(doc)) {
      Matcher m = HEADING.matcher(line);
      if (!m.matches()) continue;
      String a = anchor(m.group(1));
      for (int n = 1; !anchors.add(a); n++) a = anchor(m.group(1)) + "-" + n;
    }
    return anchors;
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path doc : documents()) {
      for (String line : prose(doc)) {
        Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) continue; // https:, mailto:
          links++;
          int hash = target.indexOf('#');
          String file =
              URLDecoder.decode(
                  hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
          Path into = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
          String where = ROOT.relativize(doc) + ": " + target;
          if (!into.startsWith(ROOT) || !Files.exists(into)) {
            broken.add(where + " (no such file)");
          } else if (hash >= 0
              && !(into.toString().endsWith(".md")
                  && anchors(into).contains(target.substring(hash + 1)))) {
            broken.add(where + " (no such heading)");
          }
        }
      }
    }
    assertTrue(links > 0, "no relative link found in " + ROOT);
    assertEquals(List.of(), broken, "broken links");
  }

  @Test
  void anchorsAreGitHubs() {
    assertEquals(
        "dependencies-and-why-each-is-there", anchor("Dependencies, and why each is there"));
    assertEquals("exp-5-fashionmnist", anchor("Exp. 5 (FashionMNIST)"));
    assertEquals(
        "run-directories-errors-and-exit-status",
        anchor("Run directories, errors and exit status"));
    assertEquals(
        "the-coopdistillsimulationprogress-keys",
        anchor("The `coopdistill.simulation.progress` keys"));
  }
}
