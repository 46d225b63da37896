package io.coopdistill.simulation.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.simulation.run.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The privacy frontier across runs that differ only in their guard: per run and cooperative method,
 * its median gain over the baseline against the attack's true-positive rate at 1% false positives
 * and against the near-copy rate. A run's {@code cooperative} searched under the configured guard,
 * its {@code cooperative-unguarded} (when it has one) under {@code none}: one run gives both points
 * over the same baselines. Writes {@code frontier.md} and two PNG charts.
 *
 * <pre>
 * java -cp "simulation/target/simulation-0.1.0-SNAPSHOT.jar:simulation/target/lib/*" \
 *     io.coopdistill.simulation.report.PrivacyFrontier OUT_DIR RUN_DIR...
 * </pre>
 */
public final class PrivacyFrontier {
  static final String METHOD = "cooperative";
  static final String UNGUARDED = "cooperative-unguarded";
  static final String TABLE = "frontier.md";
  static final String TPR_CHART = "gain-vs-tpr.png";
  static final String NEAR_COPY_CHART = "gain-vs-near-copy.png";
  private static final String ANCHOR_MEAN = ConfigEnums.name(PrivacyOptions.Guard.ANCHOR_MEAN);
  private static final String RENAMED_GUARD = "k-anonymous";

  private PrivacyFrontier() {}

  /**
   * One run's point on the frontier (percentages and accuracy points). {@code snapshotTpr} is the
   * snapshot attack's TPR on the same members (the floor; NaN in runs recorded before it was
   * measured); {@code insensitive}, whether the attack missed a control's copies in some seed.
   */
  record Point(
      String scenario,
      String guard,
      int seeds,
      double baseline,
      double cooperative,
      double nearCopyRate,
      double auc,
      double aucLow,
      double aucHigh,
      double tpr,
      double snapshotTpr,
      boolean insensitive) {
    double gain() {
      return cooperative - baseline;
    }
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: PrivacyFrontier OUT_DIR RUN_DIR...");
      System.exit(2);
    }
    List<Point> points = new ArrayList<>();
    for (int i = 1; i < args.length; i++)
      points.addAll(points(Json.read(Path.of(args[i]).resolve("results.json"))));
    Path out = Path.of(args[0]);
    write(out.resolve(TABLE), table(points));
    chart(out.resolve(TPR_CHART), points, "TPR at 1% FPR (%)", Point::tpr);
    chart(out.resolve(NEAR_COPY_CHART), points, "near-copy rate (%)", Point::nearCopyRate);
  }

  /**
   * A run's points: {@code cooperative} under the guard as configured (with k, and which k rows
   * when not the nearest, for anchor-mean; with the floor margin when it is more than a
   * rounding's), then {@code cooperative-unguarded} as {@code none} if the run has it. Runs
   * recorded before the guard was renamed name it k-anonymous: the same guard, shown by its name
   * now.
   */
  static List<Point> points(JsonNode r) {
    JsonNode privacy = r.path("config").path("coopdistill").path("privacy");
    String guard = privacy.path("guard").asText();
    if (guard.equals(RENAMED_GUARD)) guard = ANCHOR_MEAN;
    if (guard.equals(ANCHOR_MEAN)) {
      guard += " k=" + privacy.path("k").asInt();
      String rows = privacy.path("k-rows").asText("nearest");
      if (!rows.equals("nearest")) guard += " " + rows;
    }
    // A floor margin of a rounding's size (the default 0.001) is not shown; one that moves
    // candidates is.
    double margin = privacy.path("floor-margin").asDouble(0);
    if (!guard.equals("none") && margin > 0.01)
      guard += " margin=" + BigDecimal.valueOf(margin).stripTrailingZeros().toPlainString();
    List<Point> points = new ArrayList<>(List.of(point(r, METHOD, guard)));
    if (r.path("privacy").has(UNGUARDED)) points.add(point(r, UNGUARDED, "none"));
    return points;
  }

  private static Point point(JsonNode r, String method, String guard) {
    JsonNode p = r.get("privacy").get(method);
    JsonNode m = p.get("membership");
    return new Point(
        r.get("scenario").asText(),
        guard,
        r.get("methods").get(method).get("seeds").size(),
        100 * r.get("methods").get("baseline").get("median").get("over_agents").asDouble(),
        100 * r.get("methods").get(method).get("median").get("over_agents").asDouble(),
        100 * p.get("near_copy_rate").asDouble(),
        m.get("auc").asDouble(),
        m.get("auc_ci95").get(0).asDouble(),
        m.get("auc_ci95").get(1).asDouble(),
        100 * m.get("tpr_at_1pct_fpr").asDouble(),
        100 * p.path("snapshot").path("membership").path("tpr_at_1pct_fpr").asDouble(Double.NaN),
        p.path("insensitive").asBoolean(false));
  }

  /**
   * A Markdown table, with each run's share of its scenario's unguarded gain (n/a without an
   * unguarded run, or when it gained nothing), and the attack's TPR marked insensitive where it
   * missed a control.
   */
  static String table(List<Point> points) {
    Map<String, Double> unguarded = new LinkedHashMap<>();
    points.stream()
        .filter(p -> p.guard().equals("none"))
        .forEach(p -> unguarded.putIfAbsent(p.scenario(), p.gain()));
    StringBuilder s =
        new StringBuilder(
            "| scenario | guard | seeds | baseline | cooperative | gain | gain kept | near-copy rate"
                + " | attack AUC (95% CI) | TPR at 1% FPR | snapshot TPR (floor) |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Point p : points) {
      // A share of no gain, or of a loss, says nothing: n/a.
      double reference = unguarded.getOrDefault(p.scenario(), Double.NaN);
      String kept =
          reference > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * p.gain() / reference) : "n/a";
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.1f | %.1f | %+.1f | %s | %.1f%% | %.3f (%.3f-%.3f) | %.1f%%%s | %s |%n",
              p.scenario(),
              p.guard(),
              p.seeds(),
              p.baseline(),
              p.cooperative(),
              p.gain(),
              kept,
              p.nearCopyRate(),
              p.auc(),
              p.aucLow(),
              p.aucHigh(),
              p.tpr(),
              p.insensitive() ? " (insensitive)" : "",
              Double.isNaN(p.snapshotTpr())
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.1f%%", p.snapshotTpr())));
    }
    return s.toString();
  }

  private static void chart(
      Path file, List<Point> points, String x, ToDoubleFunction<Point> measure) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(550)
            .title("cooperative: gain over baseline vs " + x)
            .xAxisTitle(x)
            .yAxisTitle("median accuracy gain (points)")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(10);
    for (Point p : points) {
      chart.addSeries(
          p.scenario() + ", " + p.guard(),
          new double[] {measure.applyAsDouble(p)},
          new double[] {p.gain()});
    }
    try {
      AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String text) {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
