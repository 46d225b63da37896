package io.coopdistill.simulation.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.learners.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import smile.manifold.TSNE;

/**
 * The PNG charts of a run, drawn from results.json; the feature shift and the t-SNE compare the
 * illustration's virtual instances with their source rows, so they need the private sample too.
 */
final class Charts {
  static final String ACCURACY = "accuracy.png";
  static final String HEATMAP = "counterfactuals-heatmap.png";
  static final String FEATURE_SHIFT = "feature-shift.png";
  static final String TSNE_PLOT = "tsne.png";
  static final String COVARIATE = "gain-vs-covariate.png";
  static final String SITE_CLASSES = "site-classes.png";

  /** t-SNE cost grows with the square of the points: at most this many pairs are embedded. */
  static final int TSNE_MAX_PAIRS = 300;

  /**
   * The widest chart, in pixels (1,000 agents asked for 180,000: a 360 MB bitmap); the paper's
   * scenarios need at most 1,800.
   */
  static final int MOST_WIDTH = 4000;

  private Charts() {}

  /**
   * Which charts a run's results give.
   *
   * @param sample the illustration with its source rows, or null when it is not at hand
   */
  static List<String> names(JsonNode r, JsonNode sample) {
    List<String> names = new ArrayList<>(List.of(ACCURACY));
    // No k×k heatmap where results.json keeps only the non-zero pairs (many agents).
    JsonNode c = r.get("counterfactuals");
    if (c.has("kept") && !Report.pairsLayout(c)) names.add(HEATMAP);
    JsonNode ill = sample;
    if (ill != null && ill.get("pairs").size() > 0) {
      if (!ill.get("image").asBoolean()) names.add(FEATURE_SHIFT);
      if (ill.get("pairs").size() >= 5) names.add(TSNE_PLOT);
    }
    if (r.has("covariate") && r.get("covariate").get("trials").size() > 0) names.add(COVARIATE);
    if (r.has("sites")) names.add(SITE_CLASSES);
    return names;
  }

  static List<Path> render(Path dir, JsonNode r, JsonNode sample) {
    List<Path> written = new ArrayList<>();
    for (String name : names(r, sample)) {
      Chart<?, ?> chart =
          switch (name) {
            case ACCURACY -> accuracy(r);
            case HEATMAP -> heatmap(r);
            case FEATURE_SHIFT -> featureShift(sample);
            case TSNE_PLOT -> tsne(sample);
            case COVARIATE -> covariate(r.get("covariate"));
            case SITE_CLASSES -> siteClasses(r.get("sites"));
            default -> throw new AssertionError(name);
          };
      Path file = dir.resolve(name);
      try {
        AtomicFiles.write(
            file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot draw " + file + ": " + e.getMessage(), e);
      }
      written.add(file);
    }
    return written;
  }

  /** Per-agent median accuracy, one bar per method. */
  private static CategoryChart accuracy(JsonNode r) {
    List<String> agents = Report.agents(r);
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(width(90 * agents.size() * 2))
            .height(500)
            .title(r.get("scenario").asText() + ": test accuracy (median over seeds)")
            .xAxisTitle("agent")
            .yAxisTitle("accuracy")
            .build();
    List<Double> all = new ArrayList<>();
    r.get("methods")
        .fields()
        .forEachRemaining(
            m -> {
              if (m.getValue().has("not_applicable")) return;
              List<Double> values =
                  agents.stream()
                      .map(a -> m.getValue().get("median").get("agents").get(a).asDouble())
                      .toList();
              chart.addSeries(m.getKey(), agents, values);
              all.addAll(values);
            });
    // Methods differ by a few points: start the axis a little below the lowest bar, at a tenth.
    all.stream()
        .filter(v -> !v.isNaN())
        .min(Double::compare)
        .ifPresent(
            low -> chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low * 10 - 0.5) / 10)));
    return chart;
  }

  /** Paper Fig. 5: virtual instances each teacher (row) got kept by each student (column). */
  private static HeatMapChart heatmap(JsonNode r) {
    JsonNode c = r.get("counterfactuals");
    List<String> agents = Report.agents(r);
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(700)
            .height(600)
            .title("kept virtual instances (" + c.get("method").asText() + ")")
            .xAxisTitle("student")
            .yAxisTitle("teacher")
            .build();
    int k = agents.size();
    int[][] heat = new int[k * k][];
    for (int i = 0; i < k; i++)
      for (int j = 0; j < k; j++)
        heat[i * k + j] = new int[] {j, i, c.get("kept").get(i).get(j).asInt()};
    chart.getStyler().setShowValue(k <= 10);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.addSeries(
        "kept",
        agents,
        agents,
        Arrays.stream(heat).map(h -> new Number[] {h[0], h[1], h[2]}).toList());
    return chart;
  }

  /** Paper Fig. 4: the mean of x' − x per class and feature over the student's counterfactuals. */
  private static CategoryChart featureShift(JsonNode ill) {
    List<String> features = new ArrayList<>();
    ill.get("features").forEach(f -> features.add(f.asText()));
    Map<Integer, double[]> sums = new TreeMap<>();
    Map<Integer, Integer> counts = new TreeMap<>();
    for (JsonNode pair : ill.get("pairs")) {
      int label = pair.get("label").asInt();
      double[] s = sums.computeIfAbsent(label, l -> new double[features.size()]);
      for (int f = 0; f < features.size(); f++)
        s[f] += pair.get("virtual").get(f).asDouble() - pair.get("x").get(f).asDouble();
      counts.merge(label, 1, Integer::sum);
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(900, 30 * features.size()))
            .height(500)
            .title(
                "mean feature shift x' - x of "
                    + ill.get("student").asText()
                    + "'s counterfactuals, by class")
            .xAxisTitle("feature")
            .yAxisTitle("mean shift")
            .build();
    chart.getStyler().setXAxisLabelRotation(90);
    sums.forEach(
        (label, s) ->
            chart.addSeries(
                ill.get("classes").get(label).asText() + " (" + counts.get(label) + ")",
                features,
                Arrays.stream(s).map(v -> v / counts.get(label)).boxed().toList()));
    return chart;
  }

  /** Paper Fig. 6: a t-SNE of the source rows and their counterfactuals, in one embedding. */
  private static XYChart tsne(JsonNode ill) {
    int pairs = Math.min(TSNE_MAX_PAIRS, ill.get("pairs").size());
    double[][] points = new double[2 * pairs][];
    for (int n = 0; n < pairs; n++) {
      JsonNode pair = ill.get("pairs").get(n);
      points[n] = doubles(pair.get("x"));
      points[pairs + n] = doubles(pair.get("virtual"));
    }
    TSNE embedding = new TSNE(points, 2, Math.min(30, (points.length - 1) / 3.0), 200, 1000);
    XYChart chart =
        new XYChartBuilder()
            .width(700)
            .height(600)
            .title(
                "t-SNE of "
                    + ill.get("student").asText()
                    + "'s lessons: original rows and virtual instances")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart
        .addSeries(
            "original",
            column(embedding.coordinates, 0, pairs, 0),
            column(embedding.coordinates, 0, pairs, 1))
        .setMarker(SeriesMarkers.CIRCLE);
    // A quintessential counterfactual moves little, so it often lands on its source row: a cross
    // stays visible on a dot.
    chart
        .addSeries(
            "virtual",
            column(embedding.coordinates, pairs, 2 * pairs, 0),
            column(embedding.coordinates, pairs, 2 * pairs, 1))
        .setMarker(SeriesMarkers.CROSS)
        .setMarkerColor(Color.RED);
    return chart;
  }

  /** Experiment 6: each trial's gain against its covariate (shared features). */
  private static XYChart covariate(JsonNode c) {
    XYChart chart =
        new XYChartBuilder()
            .width(700)
            .height(500)
            .title(
                String.format(
                    "gain vs %s (Pearson r = %.2f)",
                    c.get("name").asText(), c.get("pearson").asDouble()))
            .xAxisTitle(c.get("name").asText())
            .yAxisTitle("gain: " + c.get("gain_of").asText())
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    c.get("trials")
        .forEach(
            t -> {
              x.add(t.get("value").asDouble());
              y.add(t.get("gain").asDouble());
            });
    chart.addSeries("trials", x, y);
    return chart;
  }

  /**
   * Each site's rows per class on the first seed, stacked: how the partition skews labels and
   * sizes.
   */
  private static CategoryChart siteClasses(JsonNode sites) {
    JsonNode counts = sites.get("class_counts");
    List<String> names = new ArrayList<>();
    counts.fieldNames().forEachRemaining(names::add);
    String seed = counts.get(names.get(0)).fieldNames().next();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(width(40 * names.size()))
            .height(500)
            .title("rows of each class at each site (seed " + seed + ")")
            .xAxisTitle("site")
            .yAxisTitle("rows")
            .build();
    chart.getStyler().setStacked(true);
    chart.getStyler().setXAxisLabelRotation(names.size() > 10 ? 90 : 0);
    JsonNode classes = sites.get("classes");
    for (int c = 0; c < classes.size(); c++) {
      final int label = c;
      chart.addSeries(
          classes.get(c).asText(),
          names,
          names.stream().map(n -> counts.get(n).get(seed).get(label).asInt()).toList());
    }
    return chart;
  }

  /**
   * A chart's width in pixels for {@code wanted}: at least 800, at most {@link #MOST_WIDTH}, so
   * that a chart per agent at many agents stays a bitmap of a few megabytes.
   */
  private static int width(int wanted) {
    return Math.min(MOST_WIDTH, Math.max(800, wanted));
  }

  private static double[] doubles(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) v[i] = array.get(i).asDouble();
    return v;
  }

  private static double[] column(double[][] m, int from, int to, int c) {
    double[] v = new double[to - from];
    for (int n = from; n < to; n++) v[n - from] = m[n][c];
    return v;
  }
}
