package io.coopdistill.simulation.run;

import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.learners.FileErrors;
import io.coopdistill.learners.data.FeatureDecoder;
import io.coopdistill.learners.data.TabularEncoding;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.SentLessons;
import io.coopdistill.simulation.scenario.Trial;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * finished unit (a method on a seed) keeps its lines in a part under the checkpoints; the run's file
 * is assembled from the finished units' parts in unit order whenever results are written, so a
 * resumed run gives the same file.
 */
final class VirtualInstances {
  /** The run-level file, beside results.json. */
  static final String FILE = "virtual-instances.csv.gz";
  static final List<String> LEADING_COLUMNS = List.of("seed", "round", "method", "site", "teacher", "student", "label");
  /** RFC 4180 with Unix line ends. */
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

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
    List<String> names = trial.sites().stream().map(p -> p.name()).toList();
    List<String> classes = trial.test().classNames();
    List<String> header = new ArrayList<>(LEADING_COLUMNS);
    header.addAll(decoder.columns());
    write(file, out -> {
      out.printRecord(header);
      for (SentLessons.Sent s : sent) {
        Lesson lesson = s.lesson();
        for (int k = 0; k < lesson.size(); k++) {
          List<String> line = new ArrayList<>(header.size());
          line.addAll(List.of(Long.toString(trial.seed()), Integer.toString(s.round()), method, names.get(lesson.site()),
              names.get(lesson.teacher()), names.get(lesson.student()), classes.get(lesson.labels()[k])));
          line.addAll(List.of(decoder.decode(lesson.features()[k])));
          out.printRecord(line);
        }
      }
    });
  }

  /**
   * The run's file from {@code parts} (existing ones only, in this order), or no file when there are
   * none. Its columns are every part's (seeds may encode different features, or the same in another
   * order: the union keeps each part's order); a line has an empty field where its part lacks a column.
   */
  static void assemble(Path target, List<Path> parts) {
    List<Path> existing = parts.stream().filter(Files::isRegularFile).toList();
    if (existing.isEmpty()) {
      delete(target);
      return;
    }
    List<List<CSVRecord>> contents = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (Path part : existing) {
      List<CSVRecord> records = read(part);
      TabularEncoding.mergeOrder(header, records.get(0).toList());
      contents.add(records);
    }
    write(target, out -> {
      out.printRecord(header);
      for (List<CSVRecord> records : contents) {
        List<String> columns = records.get(0).toList();
        int[] at = header.stream().mapToInt(columns::indexOf).toArray();
        for (CSVRecord record : records.subList(1, records.size())) {
          List<String> line = new ArrayList<>(at.length);
          for (int c : at) line.add(c < 0 ? "" : record.get(c));
          out.printRecord(line);
        }
      }
    });
  }

  /** The records of a part, header first. */
  static List<CSVRecord> read(Path file) {
    try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8);
         CSVParser parser = FORMAT.parse(in)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.isEmpty()) throw new IllegalStateException(file + " is empty: it has no header line");
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  @FunctionalInterface
  private interface Content {
    void writeTo(CSVPrinter out) throws IOException;
  }

  private static void write(Path file, Content content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (CSVPrinter out = new CSVPrinter(new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8), FORMAT)) {
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
