package io.coopdistill.simulation.run;

import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.learners.FileErrors;
import io.coopdistill.learners.data.FeatureDecoder;
import io.coopdistill.learners.data.TabularEncoding;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.SentLessons;
import io.coopdistill.simulation.scenario.Trial;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * virtual-instances.csv.gz: every virtual instance the sites sent, one line each (seed, round,
 * method, site, teacher, student, label, then the features in the data's own columns and units,
 * {@link FeatureDecoder}), so that anyone can audit what left a site with their own tools. Each
 * finished unit (a method on a seed) keeps its lines in a part under the checkpoints; the run's
 * file is assembled from the finished units' parts in unit order whenever results are written, so a
 * resumed run gives the same file.
 */
final class VirtualInstances {
  /** The run-level file, beside results.json. */
  static final String FILE = "virtual-instances.csv.gz";

  static final List<String> LEADING_COLUMNS =
      List.of("seed", "round", "method", "site", "teacher", "student", "label");

  /** RFC 4180 with Unix line ends. */
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

  private VirtualInstances() {}

  /** Where a unit's part lives under the run's checkpoints. */
  static Path part(Path checkpoints, String method, long seed) {
    return checkpoints
        .resolve("virtual-instances")
        .resolve(method)
        .resolve("seed-" + seed + ".csv.gz");
  }

  /**
   * The unit's part: a header line and one line per instance in {@code sent}; none (an old one
   * deleted) when it sent nothing.
   */
  static void writePart(Path file, Trial trial, String method, List<SentLessons.Sent> sent) {
    if (sent.stream().allMatch(s -> s.lesson().size() == 0)) {
      delete(file);
      return;
    }
    FeatureDecoder decoder = trial.decoder();
    List<String> names = trial.sites().stream().map(p -> p.name()).toList();
    List<String> classes = trial.test().classNames();
    List<String> header = new ArrayList<>(LEADING_COLUMNS);
    header.addAll(decoder.columns());
    write(
        file,
        out -> {
          out.printRecord(header);
          for (SentLessons.Sent s : sent) {
            Lesson lesson = s.lesson();
            for (int k = 0; k < lesson.size(); k++) {
              List<String> line = new ArrayList<>(header.size());
              line.addAll(
                  List.of(
                      Long.toString(trial.seed()),
                      Integer.toString(s.round()),
                      method,
                      names.get(lesson.site()),
                      names.get(lesson.teacher()),
                      names.get(lesson.student()),
                      classes.get(lesson.labels()[k])));
              line.addAll(List.of(decoder.decode(lesson.features()[k])));
              out.printRecord(line);
            }
          }
        });
  }

  /**
   * The run's file from {@code parts} (existing ones only, in this order), or no file when there
   * are none. Its columns are every part's (seeds may encode different features, or the same in
   * another order: the union keeps each part's order); a line has an empty field where its part
   * lacks a column. Parts are streamed line by line, first for their headers and then for their
   * lines: at the paper's volume they hold hundreds of megabytes of 784-pixel lines, more than a
   * run's heap.
   */
  static void assemble(Path target, List<Path> parts) {
    List<Path> existing = parts.stream().filter(Files::isRegularFile).toList();
    if (existing.isEmpty()) {
      delete(target);
      return;
    }
    List<String> header = new ArrayList<>();
    for (Path file : existing) {
      try (Part part = new Part(file)) {
        TabularEncoding.mergeOrder(header, part.header);
      }
    }
    write(
        target,
        out -> {
          out.printRecord(header);
          for (Path file : existing) {
            try (Part part = new Part(file)) {
              int[] at = header.stream().mapToInt(part.header::indexOf).toArray();
              List<String> line = new ArrayList<>(at.length);
              for (CSVRecord record = part.next(); record != null; record = part.next()) {
                line.clear();
                for (int c : at) line.add(c < 0 ? "" : record.get(c));
                out.printRecord(line);
              }
            }
          }
        });
  }

  /**
   * An open part: its header, then its lines as they are read; a failure to read names the part.
   */
  private static final class Part implements AutoCloseable {
    final Path file;
    final List<String> header;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;

    Part(Path file) {
      this.file = file;
      InputStream raw = null;
      try {
        raw = Files.newInputStream(file);
        parser =
            FORMAT.parse(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
      } catch (IOException e) {
        closeQuietly(raw, e);
        throw cannotRead(file, e);
      }
      records = parser.iterator();
      CSVRecord first = next();
      if (first == null) {
        close();
        throw new IllegalStateException(file + " is empty: it has no header line");
      }
      header = first.toList();
    }

    /** The next line, or null after the last. */
    CSVRecord next() {
      try {
        return records.hasNext() ? records.next() : null;
      } catch (UncheckedIOException e) {
        throw cannotRead(file, e.getCause());
      }
    }

    @Override
    public void close() {
      try {
        parser.close();
      } catch (IOException e) {
        throw cannotRead(file, e);
      }
    }

    /**
     * Closes what was opened before {@code failure} (a part that is not gzip), keeping the failure
     * first.
     */
    private static void closeQuietly(InputStream raw, IOException failure) {
      if (raw == null) return;
      try {
        raw.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }

    private static UncheckedIOException cannotRead(Path file, IOException e) {
      return new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  @FunctionalInterface
  private interface Content {
    void writeTo(CSVPrinter out) throws IOException;
  }

  private static void write(Path file, Content content) {
    AtomicFiles.write(
        file,
        stream -> {
          try (CSVPrinter out =
              new CSVPrinter(
                  new OutputStreamWriter(new GZIPOutputStream(stream), StandardCharsets.UTF_8),
                  FORMAT)) {
            content.writeTo(out);
          }
        });
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete " + file + ": " + FileErrors.reason(file, e), e);
    }
  }
}
