package io.coopdistill.simulation.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopdistill scaling}: how a run's cost grows with its agents, cores and node processes.
 * Each point of {@code conf/scaling.conf} runs as its own {@code run} (see {@link PointRun}) into
 * OUT/points/ID; after each, the summary ({@link ScalingSummary}) is drawn again from every point
 * directory.
 */
@Command(
    name = "scaling",
    description =
        "Run the scaling study of conf/scaling.conf (coopdistill.scaling): each point, SERIES-kK-cC-nN, is "
            + "`run SCENARIO --seeds 1` with K agents on C cores and N node processes, into OUT/points/ID; "
            + "then OUT/results.json, results.md and a log-log chart per phase with its fitted exponent. "
            + "Points already done are skipped (see --force, --point).")
public final class ScalingStudy implements Callable<Integer> {
  static final String PATH = "coopdistill.scaling";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "override a configuration key (coopdistill.*), e.g. coopdistill.scaling.series.cart.agents=[10,30]")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--point",
      split = ",",
      paramLabel = "ID",
      description =
          "run exactly these points, done or not (e.g. cart-k100-c1-n1; any k, cores and nodes of a configured series)")
  List<String> points = new ArrayList<>();

  @Option(
      names = "--series",
      split = ",",
      paramLabel = "NAME",
      description = "only the points of these series")
  List<String> series = new ArrayList<>();

  @Option(names = "--force", description = "run the chosen points again even where they are done")
  boolean force;

  @Option(
      names = "--report",
      description = "run nothing: draw the summary again from the point directories")
  boolean report;

  @Option(
      names = "--list",
      description = "print the chosen points with their commands, and run nothing")
  boolean list;

  /**
   * The study's settings ({@value #PATH}, documented in {@code conf/scaling.conf}).
   *
   * @param series by name, in name order
   */
  record Options(
      Path out,
      Duration pollInterval,
      Duration nodeStartTimeout,
      Map<String, ScalingSeries> series) {
    Options {
      if (pollInterval.toMillis() < 10)
        throw new IllegalArgumentException(
            PATH + ".poll-interval must be at least 10ms, got " + pollInterval);
      if (nodeStartTimeout.isNegative() || nodeStartTimeout.isZero())
        throw new IllegalArgumentException(
            PATH + ".node-start-timeout must be positive, got " + nodeStartTimeout);
      if (series.isEmpty()) throw new IllegalArgumentException(PATH + ".series holds no series");
      series = new LinkedHashMap<>(series);
    }

    static Options from(Config root) {
      return ConfigSections.read(
          root,
          PATH,
          c -> {
            Map<String, ScalingSeries> series = new LinkedHashMap<>();
            for (String name : new TreeSet<>(c.getConfig("series").root().keySet()))
              series.put(name, ScalingSeries.from(name, root));
            return new Options(
                Path.of(c.getString("out")).toAbsolutePath(),
                c.getDuration("poll-interval"),
                c.getDuration("node-start-timeout"),
                series);
          });
    }

    ScalingSeries of(ScalingPoint point) {
      ScalingSeries s = series.get(point.series());
      if (s == null)
        throw new IllegalArgumentException(
            "scaling point "
                + point.id()
                + ": unknown series '"
                + point.series()
                + "'; series: "
                + String.join(", ", series.keySet()));
      return s;
    }

    Path directory(ScalingPoint point) {
      return out.resolve(ScalingSummary.POINTS).resolve(point.id());
    }
  }

  @Override
  public Integer call() {
    Options options = Options.from(ScenarioConfig.application(sets));
    PrintWriter out = spec.commandLine().getOut();
    if (report) {
      render(options, out);
      return 0;
    }
    List<ScalingPoint> chosen = chosen(options);
    // Every chosen point's scenario and sets load (a bad key fails here, naming it, not hours in).
    for (ScalingPoint p : chosen)
      ScenarioConfig.load(options.of(p).scenario(), PointRun.sets(options.of(p), p));
    if (list) {
      List<Integer> cpus = PointRun.allowedCpus();
      for (ScalingPoint p : chosen) {
        ScalingSeries s = options.of(p);
        out.printf("%s%s%n", p.id(), done(options, p) ? " (done)" : "");
        String taskset =
            "taskset -c "
                + cpus.subList(0, Math.min(p.cores(), cpus.size())).stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining(","));
        for (int i = 0; i < (p.nodes() > 1 ? p.nodes() : 0); i++)
          out.printf(
              "  node %d: %s ./coopdistill %s%n",
              i, taskset, shell(PointRun.nodeArguments(s, p, i == 0 ? null : "ADDRESS-OF-NODE-0")));
        out.printf(
            "  run: %s ./coopdistill %s%n",
            taskset,
            shell(
                PointRun.runArguments(
                    s,
                    p,
                    Path.of("").toAbsolutePath().relativize(options.directory(p)),
                    "ADDRESS-OF-NODE-0")));
      }
      return 0;
    }
    boolean ran = false;
    for (ScalingPoint p : chosen) {
      if (points.isEmpty() && !force && done(options, p)) {
        out.println(p.id() + ": done, skipped (--force runs it again)");
        continue;
      }
      out.println(p.id() + ": running into " + options.directory(p));
      out.flush();
      ObjectNode record = PointRun.run(options, options.of(p), p, options.directory(p));
      out.printf(
          Locale.ROOT,
          "%s: %.1f s, peak resident %s%n",
          p.id(),
          record.get("wall_seconds").asDouble(),
          record.get("peak_rss_bytes").isNull()
              ? "unknown"
              : String.format(Locale.ROOT, "%.2f GB", record.get("peak_rss_bytes").asLong() / 1e9));
      render(options, out);
      ran = true;
    }
    if (!ran) render(options, out);
    return 0;
  }

  /** Arguments as a shell line: those with characters a shell reads, in single quotes. */
  private static String shell(List<String> args) {
    return args.stream()
        .map(a -> a.matches("[A-Za-z0-9_./=:@,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }

  private static boolean done(Options options, ScalingPoint p) {
    return Files.isRegularFile(options.directory(p).resolve(PointRun.POINT));
  }

  /** The points of --point, or of the configured series (those of --series). */
  private List<ScalingPoint> chosen(Options options) {
    for (String name : series)
      if (!options.series().containsKey(name))
        throw new IllegalArgumentException(
            "--series "
                + name
                + ": unknown series; series: "
                + String.join(", ", options.series().keySet()));
    Set<ScalingPoint> chosen = new LinkedHashSet<>();
    if (!points.isEmpty()) {
      for (String id : points) {
        ScalingPoint p = ScalingPoint.parse(id);
        options.of(p);
        if (series.isEmpty() || series.contains(p.series())) chosen.add(p);
      }
    } else {
      options
          .series()
          .forEach(
              (name, s) -> {
                if (series.isEmpty() || series.contains(name)) chosen.addAll(s.points());
              });
    }
    return new ArrayList<>(chosen);
  }

  private static void render(Options options, PrintWriter out) {
    List<ScalingSummary.Row> rows =
        ScalingSummary.read(options.out(), new ArrayList<>(options.series().keySet()));
    ScalingSummary.render(options.out(), options.series(), rows);
    out.printf(
        "summary of %d point(s): %s%n", rows.size(), options.out().resolve(ScalingSummary.TABLE));
  }
}
