package io.coopdistill.simulation.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.simulation.run.Json;
import io.coopdistill.simulation.run.Results;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The scaling study's summary, drawn from its points' point.json files: results.json, results.md
 * and one log-log chart of seconds against k per phase of the cooperative round, with each series'
 * fitted exponent.
 */
final class ScalingSummary {
  static final String POINTS = "points";
  static final String RESULTS = "results.json";
  static final String TABLE = "results.md";
  private static final String METHOD = "cooperative";

  /** The section of point.json that holds the run's {@link #figures}. */
  static final String RUN = "run";

  private ScalingSummary() {}

  /** One point's measurements: the study's (point.json) and its run's (results.json). */
  record Row(
      ScalingPoint point,
      String scenario,
      Map<String, Double> phaseSeconds,
      long sent,
      long kept,
      Long peakRssBytes,
      double wallSeconds,
      double loadAtStart,
      double loadAtEnd,
      double baseline,
      double cooperative,
      String gitCommit) {
    double gain() {
      return cooperative - baseline;
    }

    /** The row of point directory {@code dir}, from its point.json. */
    static Row read(Path dir) {
      ScalingPoint point = ScalingPoint.parse(dir.getFileName().toString());
      JsonNode p = Json.read(dir.resolve(PointRun.POINT));
      JsonNode run = p.get(RUN);
      JsonNode env = p.get("environment");
      Map<String, Double> phases = new LinkedHashMap<>();
      run.get("seconds_per_phase")
          .fields()
          .forEachRemaining(e -> phases.put(e.getKey(), e.getValue().asDouble()));
      return new Row(
          point,
          p.get("scenario").asText(),
          phases,
          run.get("sent").asLong(),
          run.get("kept").asLong(),
          p.path("peak_rss_bytes").isNumber() ? p.get("peak_rss_bytes").asLong() : null,
          p.get("wall_seconds").asDouble(),
          env.get("load_average_at_start").asDouble(),
          env.get("load_average_at_end").asDouble(),
          run.path("baseline").asDouble(Double.NaN),
          run.path(METHOD).asDouble(Double.NaN),
          run.get("git_commit").asText());
    }
  }

  /**
   * What the summary reads from a point's results.json, kept in its point.json (a run of 1,000
   * agents writes a 10 MB results.json, which the repository does not keep): seconds per phase of
   * the cooperative round, instances sent (generated) and kept after set cover, the median over
   * agents of the baseline's and the cooperative method's accuracy, and the commit that ran it.
   */
  static ObjectNode figures(JsonNode results) {
    ObjectNode n = Json.object();
    n.set("seconds_per_phase", results.path("phases").path(METHOD).deepCopy());
    JsonNode counterfactuals = results.path("counterfactuals");
    n.put("sent", total(counterfactuals, "generated"));
    n.put("kept", total(counterfactuals, "kept"));
    for (String method : List.of("baseline", METHOD))
      number(
          n,
          method,
          results
              .path("methods")
              .path(method)
              .path("median")
              .path("over_agents")
              .asDouble(Double.NaN));
    n.put("git_commit", results.path("provenance").path("git_commit").asText("unknown"));
    return n;
  }

  /**
   * The instances of one count of results.json's counterfactuals over every (teacher, student)
   * pair: the sum of its k x k matrix, or of the counts of its {@code [teacher, student, count]}
   * entries in the pairs layout (many agents).
   */
  private static long total(JsonNode counterfactuals, String count) {
    boolean pairs = Results.PAIRS_LAYOUT.equals(counterfactuals.path("layout").asText());
    long sum = 0;
    for (JsonNode row : counterfactuals.path(count)) {
      if (pairs) sum += row.get(2).asLong();
      else for (JsonNode n : row) sum += n.asLong();
    }
    return sum;
  }

  /** A least-squares line through (log k, log y): y grows as k to the {@code exponent}. */
  record Fit(double exponent, double rSquared, int points) {
    /** The fit through the positive values of {@code y}; NaN below two distinct k. */
    static Fit of(List<Integer> k, List<Double> y) {
      SimpleRegression regression = new SimpleRegression();
      Set<Integer> distinct = new LinkedHashSet<>();
      for (int i = 0; i < k.size(); i++) {
        if (!(y.get(i) > 0)) continue;
        regression.addData(Math.log(k.get(i)), Math.log(y.get(i)));
        distinct.add(k.get(i));
      }
      int n = (int) regression.getN();
      return distinct.size() < 2
          ? new Fit(Double.NaN, Double.NaN, n)
          : new Fit(regression.getSlope(), regression.getRSquare(), n);
    }
  }

  /**
   * Every point directory under {@code out}/points that holds a point.json, in the study's order.
   */
  static List<Row> read(Path out, List<String> seriesOrder) {
    Path points = out.resolve(POINTS);
    if (!Files.isDirectory(points)) return List.of();
    try (Stream<Path> dirs = Files.list(points)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(PointRun.POINT)))
          .map(Row::read)
          .sorted(
              Comparator.comparingInt(
                      (Row r) -> {
                        int at = seriesOrder.indexOf(r.point().series());
                        return at < 0 ? Integer.MAX_VALUE : at;
                      })
                  .thenComparing(r -> r.point().series())
                  .thenComparingInt(r -> r.point().agents())
                  .thenComparingInt(r -> r.point().cores())
                  .thenComparingInt(r -> r.point().nodes()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + points + ": " + e.getMessage(), e);
    }
  }

  /** The phases the rows measured, in the round's order. */
  private static List<String> phases(List<Row> rows) {
    Set<String> phases = new LinkedHashSet<>();
    rows.forEach(r -> phases.addAll(r.phaseSeconds().keySet()));
    return new ArrayList<>(phases);
  }

  /** The fitted rows of each series: its own cores and nodes. */
  private static Map<String, List<Row>> fitted(Map<String, ScalingSeries> series, List<Row> rows) {
    Map<String, List<Row>> fitted = new LinkedHashMap<>();
    series.forEach(
        (name, s) -> {
          List<Row> mine =
              rows.stream()
                  .filter(r -> r.point().series().equals(name) && s.fitted(r.point()))
                  .toList();
          if (!mine.isEmpty()) fitted.put(name, mine);
        });
    return fitted;
  }

  /** Each fitted series' exponent per phase, then of the wall time and the peak memory. */
  static Map<String, Map<String, Fit>> exponents(
      Map<String, ScalingSeries> series, List<Row> rows) {
    Map<String, Map<String, Fit>> fits = new LinkedHashMap<>();
    List<String> phases = phases(rows);
    fitted(series, rows)
        .forEach(
            (name, mine) -> {
              List<Integer> k = mine.stream().map(r -> r.point().agents()).toList();
              Map<String, Fit> of = new LinkedHashMap<>();
              for (String phase : phases)
                of.put(
                    phase,
                    Fit.of(
                        k,
                        mine.stream()
                            .map(r -> r.phaseSeconds().getOrDefault(phase, Double.NaN))
                            .toList()));
              of.put("wall", Fit.of(k, mine.stream().map(Row::wallSeconds).toList()));
              of.put(
                  "peak-rss",
                  Fit.of(
                      k,
                      mine.stream()
                          .map(
                              r ->
                                  r.peakRssBytes() == null
                                      ? Double.NaN
                                      : r.peakRssBytes().doubleValue())
                          .toList()));
              fits.put(name, of);
            });
    return fits;
  }

  /** Writes results.json, results.md and the charts into {@code out}; returns the files. */
  static List<Path> render(Path out, Map<String, ScalingSeries> series, List<Row> rows) {
    Map<String, Map<String, Fit>> fits = exponents(series, rows);
    List<Path> written = new ArrayList<>();
    Path json = out.resolve(RESULTS);
    Json.write(json, json(rows, fits));
    written.add(json);
    List<String> charts = new ArrayList<>();
    for (String phase : phases(rows)) {
      XYChart chart = chart(phase, fitted(series, rows), fits);
      if (chart.getSeriesMap().isEmpty()) continue;
      Path png = out.resolve("seconds-" + phase + ".png");
      try {
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot draw " + png + ": " + e.getMessage(), e);
      }
      charts.add(png.getFileName().toString());
      written.add(png);
    }
    Path md = out.resolve(TABLE);
    AtomicFiles.write(md, markdown(rows, fits, charts).getBytes(StandardCharsets.UTF_8));
    written.add(md);
    return written;
  }

  private static JsonNode json(List<Row> rows, Map<String, Map<String, Fit>> fits) {
    ObjectNode n = Json.object();
    var points = n.putArray("points");
    for (Row r : rows) {
      ObjectNode p = points.addObject();
      p.put("id", r.point().id());
      p.put("series", r.point().series());
      p.put("scenario", r.scenario());
      p.put("agents", r.point().agents());
      p.put("cores", r.point().cores());
      p.put("nodes", r.point().nodes());
      ObjectNode seconds = p.putObject("seconds_per_phase");
      r.phaseSeconds().forEach(seconds::put);
      p.put("sent", r.sent());
      p.put("kept", r.kept());
      if (r.peakRssBytes() == null) p.putNull("peak_rss_bytes");
      else p.put("peak_rss_bytes", r.peakRssBytes());
      p.put("wall_seconds", r.wallSeconds());
      p.put("load_average_at_start", r.loadAtStart());
      p.put("load_average_at_end", r.loadAtEnd());
      number(p, "baseline", r.baseline());
      number(p, METHOD, r.cooperative());
      number(p, "gain", r.gain());
      p.put("git_commit", r.gitCommit());
    }
    ObjectNode exponents = n.putObject("exponents");
    fits.forEach(
        (name, of) -> {
          ObjectNode s = exponents.putObject(name);
          of.forEach(
              (what, fit) -> {
                ObjectNode f = s.putObject(what);
                number(f, "exponent", fit.exponent());
                number(f, "r_squared", fit.rSquared());
                f.put("points", fit.points());
              });
        });
    return n;
  }

  /** JSON has no NaN: a value not measured is null. */
  private static void number(ObjectNode n, String key, double value) {
    if (Double.isNaN(value)) n.putNull(key);
    else n.put(key, value);
  }

  private static XYChart chart(
      String phase, Map<String, List<Row>> fitted, Map<String, Map<String, Fit>> fits) {
    XYChart chart =
        new XYChartBuilder()
            .width(700)
            .height(500)
            .title(phase + ": seconds against agents (log-log)")
            .xAxisTitle("agents k")
            .yAxisTitle("seconds")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    fitted.forEach(
        (name, mine) -> {
          List<Row> positive =
              mine.stream().filter(r -> r.phaseSeconds().getOrDefault(phase, 0.0) > 0).toList();
          if (positive.isEmpty()) return;
          chart.addSeries(
              name + " (exponent " + format(fits.get(name).get(phase).exponent()) + ")",
              positive.stream().map(r -> (double) r.point().agents()).toList(),
              positive.stream().map(r -> r.phaseSeconds().get(phase)).toList());
        });
    return chart;
  }

  private static String markdown(
      List<Row> rows, Map<String, Map<String, Fit>> fits, List<String> charts) {
    List<String> phases = phases(rows);
    StringBuilder s = new StringBuilder("# Scaling study\n\n");
    s.append(
        "One row per point (`./coopdistill scaling --point ID` reruns it): seconds per phase of the "
            + "cooperative round, instances sent (generated) and kept after set cover, the peak resident "
            + "memory summed over the point's processes, its wall seconds, and the median over agents of "
            + "the baseline's and the cooperative method's accuracy.\n\n");
    s.append("| point | k | cores | nodes |");
    phases.forEach(p -> s.append(' ').append(p).append(" s |"));
    s.append(
        " sent | kept | peak RSS GB | wall s | load start/end | baseline | cooperative | gain |\n|---|--:|--:|--:|");
    phases.forEach(p -> s.append("--:|"));
    s.append("--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Row r : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d |",
              r.point().id(),
              r.point().agents(),
              r.point().cores(),
              r.point().nodes()));
      for (String phase : phases) {
        Double v = r.phaseSeconds().get(phase);
        s.append(v == null ? " - |" : String.format(Locale.ROOT, " %.2f |", v));
      }
      s.append(
          String.format(
              Locale.ROOT,
              " %,d | %,d | %s | %.1f | %.1f / %.1f | %.4f | %.4f | %+.4f |%n",
              r.sent(),
              r.kept(),
              r.peakRssBytes() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", r.peakRssBytes() / 1e9),
              r.wallSeconds(),
              r.loadAtStart(),
              r.loadAtEnd(),
              r.baseline(),
              r.cooperative(),
              r.gain()));
    }
    if (!fits.isEmpty()) {
      s.append(
          "\n## Exponents\n\nLeast-squares slope of log seconds (log bytes for the peak memory) on log k, "
              + "over each series' points at its configured cores and nodes: cost grows as k to this power "
              + "(R² in brackets).\n\n| series |");
      List<String> whats = new ArrayList<>(fits.values().iterator().next().keySet());
      whats.forEach(w -> s.append(' ').append(w).append(" |"));
      s.append("\n|---|");
      whats.forEach(w -> s.append("--:|"));
      s.append('\n');
      fits.forEach(
          (name, of) -> {
            s.append("| ").append(name).append(" |");
            for (String w : whats) {
              Fit f = of.get(w);
              s.append(
                  f == null || Double.isNaN(f.exponent())
                      ? " - |"
                      : String.format(Locale.ROOT, " %.2f (%.2f) |", f.exponent(), f.rSquared()));
            }
            s.append('\n');
          });
    }
    if (!charts.isEmpty()) {
      s.append("\n## Charts\n\n");
      charts.forEach(c -> s.append("![").append(c).append("](").append(c).append(")\n"));
    }
    return s.toString();
  }

  private static String format(double exponent) {
    return Double.isNaN(exponent) ? "-" : String.format(Locale.ROOT, "%.2f", exponent);
  }
}
