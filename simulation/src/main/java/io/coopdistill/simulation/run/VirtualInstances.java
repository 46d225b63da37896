package io.coopdistill.simulation.run;

import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.learners.FileErrors;
import io.coopdistill.learners.data.FeatureDecoder;
import io.coopdistill.learners.distill.Lesson;
import io.coopdistill.learners.distill.SentLessons;
import io.coopdistill.simulation.scenario.Trial;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * virtual-instances.csv.gz: every virtual instance the sites sent, one line each (seed, round,
 * method, site, teacher, student, label, then the features in the data's own columns and units,
 * {@link FeatureDecoder}), so that anyone can audit what left a site with their own tools. Each
 * finished unit (a method on a seed) keeps its lines in a part under the checkpoints; the run's file
 * is assembled from the finished units' parts in unit order whenever results are written, so a
 * resumed run gives the same file.
 */
final class VirtualInstances {
  /** The run-level file, beside results.json. */
  static final String FILE = "virtual-instances.csv.gz";
  static final List<String> LEADING_COLUMNS = List.of("seed", "round", "method", "site", "teacher", "student", "label");

  private VirtualInstances() {}

  /** Where a unit's part lives under the run's checkpoints. */
  static Path part(Path checkpoints, String method, long seed) {
    return checkpoints.resolve("virtual-instances").resolve(method).resolve("seed-" + seed + ".csv.gz");
  }

  /** The unit's part: a header line and one line per instance in {@code sent}; none (an old one deleted) when it sent nothing. */
  static void writePart(Path file, Trial trial, String method, List<SentLessons.Sent> sent) {
    if (sent.stream().allMatch(s -> s.lesson().size() == 0)) {
      delete(file);
      return;
    }
    FeatureDecoder decoder = trial.decoder();
    List<String> names = trial.participants().stream().map(p -> p.name()).toList();
    List<String> classes = trial.test().classNames();
    write(file, out -> {
      out.write(header(decoder));
      for (SentLessons.Sent s : sent) {
        Lesson lesson = s.lesson();
        String lead = String.join(",", Long.toString(trial.seed()), Integer.toString(s.round()), field(method),
            field(names.get(lesson.site())), field(names.get(lesson.teacher())), field(names.get(lesson.student())));
        for (int k = 0; k < lesson.size(); k++) {
          StringBuilder line = new StringBuilder(lead).append(',').append(field(classes.get(lesson.labels()[k])));
          for (String value : decoder.decode(lesson.features()[k])) line.append(',').append(field(value));
          out.write(line.append('\n').toString());
        }
      }
    });
  }

  /**
   * The run's file from {@code parts} (existing ones only, in this order), or no file when there are
   * none: one header, then every part's lines.
   *
   * @throws IllegalStateException if two parts have different headers
   */
  static void assemble(Path target, List<Path> parts) {
    List<Path> existing = parts.stream().filter(Files::isRegularFile).toList();
    if (existing.isEmpty()) {
      delete(target);
      return;
    }
    List<List<String>> contents = new ArrayList<>();
    for (Path part : existing) contents.add(read(part));
    String header = contents.get(0).get(0);
    write(target, out -> {
      out.write(header + "\n");
      for (int p = 0; p < contents.size(); p++) {
        List<String> lines = contents.get(p);
        if (!lines.get(0).equals(header)) {
          throw new IllegalStateException(existing.get(p) + " has the columns " + lines.get(0) + ", " + existing.get(0) + " has " + header);
        }
        for (String line : lines.subList(1, lines.size())) out.write(line + "\n");
      }
    });
  }

  private static String header(FeatureDecoder decoder) {
    List<String> columns = new ArrayList<>(LEADING_COLUMNS);
    columns.addAll(decoder.columns());
    return String.join(",", columns.stream().map(VirtualInstances::field).toList()) + "\n";
  }

  /** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
  private static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) return value;
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** The lines of a part, header first. */
  static List<String> read(Path file) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      List<String> lines = in.lines().toList();
      if (lines.isEmpty()) throw new IllegalStateException(file + " is empty: it has no header line");
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  @FunctionalInterface
  private interface Content {
    void writeTo(Writer out) throws IOException;
  }

  private static void write(Path file, Content content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
      content.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress " + file + ": " + e.getMessage(), e);
    }
    AtomicFiles.write(file, bytes.toByteArray());
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + FileErrors.reason(file, e), e);
    }
  }
}
