package io.coopdistill.simulation.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coopdistill.simulation.run.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one point of the scaling study as a user would: {@code ./coopdistill run SCENARIO --seeds 1
 * --out DIR} in a JVM of its own (the launcher's classpath, configuration and JVM options), on the
 * point's first CPUs ({@code taskset} and {@code -XX:ActiveProcessorCount}); with n > 1 nodes,
 * after n {@code node SCENARIO} processes without {@code --sites}, as {@code run --cluster --nodes
 * n}. Writes DIR/point.json: the commands, wall seconds, peak resident memory and load.
 */
final class PointRun {
  /** The command line's class (the benchmarks may not import it). */
  static final String MAIN = "io.coopdistill.simulation.Main";

  static final String POINT = "point.json";
  static final String RUN_LOG = "run.log";

  /** System properties the launcher sets that every process of a point needs the same. */
  private static final List<String> PROPERTIES =
      List.of(
          "config.file",
          "coopdistill.root",
          "logback.configurationFile",
          "org.bytedeco.javacpp.cachedir");

  private PointRun() {}

  /** A process of a point failed: the message names the point and its log. */
  static final class Failed extends RuntimeException {
    Failed(String message) {
      super(message);
    }
  }

  /** The {@code --set}s of the point's processes: the series' sets, then its k. */
  static List<String> sets(ScalingSeries series, ScalingPoint point) {
    List<String> sets = new ArrayList<>(series.sets());
    sets.add("scenario.agents=" + point.agents());
    return sets;
  }

  /** The coopdistill arguments of the point's run; {@code seedNode} with more than one node. */
  static List<String> runArguments(
      ScalingSeries series, ScalingPoint point, Path dir, String seedNode) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                series.scenario(),
                "--seeds",
                "1",
                "--out",
                dir.toString(),
                "--no-progress",
                // The directory holds the point's logs already: the study emptied it for this run.
                "--force"));
    if (point.nodes() > 1)
      args.addAll(
          List.of(
              "--cluster", "--nodes", Integer.toString(point.nodes()), "--seed-nodes", seedNode));
    withSets(args, sets(series, point));
    return args;
  }

  /** The coopdistill arguments of a learner node; {@code seedNode} null for the first. */
  static List<String> nodeArguments(ScalingSeries series, ScalingPoint point, String seedNode) {
    List<String> args = new ArrayList<>(List.of("node", series.scenario(), "--port", "0"));
    if (seedNode != null) args.addAll(List.of("--seed-nodes", seedNode));
    withSets(args, sets(series, point));
    return args;
  }

  private static void withSets(List<String> args, List<String> sets) {
    for (String set : sets) args.addAll(List.of("--set", set));
  }

  /**
   * Runs {@code point} into {@code dir} (emptied first) and returns what point.json records.
   *
   * @throws IllegalArgumentException when the point asks for more CPUs than this process may use
   * @throws Failed when a process of the point fails (its log named)
   */
  static ObjectNode run(
      ScalingStudy.Options options, ScalingSeries series, ScalingPoint point, Path dir) {
    List<Integer> cpus = allowedCpus();
    if (point.cores() > cpus.size())
      throw new IllegalArgumentException(
          point.id() + " needs " + point.cores() + " cores; this process may use " + cpus.size());
    String used =
        cpus.subList(0, point.cores()).stream()
            .map(String::valueOf)
            .collect(Collectors.joining(","));
    List<String> java = java(used, point.cores(), series.javaOptions());
    deleteTree(dir);
    ObjectNode record = Json.object();
    record.put("id", point.id());
    record.put("series", point.series());
    record.put("scenario", series.scenario());
    record.put("agents", point.agents());
    record.put("cores", point.cores());
    record.put("nodes", point.nodes());
    record.put("rerun", "./coopdistill scaling --point " + point.id());
    ObjectNode environment = record.putObject("environment");
    environment.put("nproc", Runtime.getRuntime().availableProcessors());
    environment.put(
        "cpus_allowed", cpus.stream().map(String::valueOf).collect(Collectors.joining(",")));
    environment.put("cpus_used", used);
    environment.put(
        "java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    environment.put("started", Instant.now().toString());
    environment.put("load_average_at_start", loadAverage());
    ArrayNode commands = record.putArray("commands");
    List<Process> processes = new CopyOnWriteArrayList<>();
    Thread cleanUp = new Thread(() -> processes.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(cleanUp);
    long start = System.nanoTime();
    try (PeakResidentMemory memory = new PeakResidentMemory(options.pollInterval())) {
      String seedNode = null;
      for (int i = 0; i < (point.nodes() > 1 ? point.nodes() : 0); i++) {
        List<String> command = concat(java, nodeArguments(series, point, seedNode));
        Path log = dir.resolve("node-" + i + ".log");
        Process node = start(command, log);
        processes.add(node);
        memory.watch("node-" + i, node);
        commands.add(recorded(command));
        if (seedNode == null) seedNode = awaitUp(point, node, log, options.nodeStartTimeout());
      }
      List<String> command = concat(java, runArguments(series, point, dir, seedNode));
      commands.add(recorded(command));
      Process run = start(command, dir.resolve(RUN_LOG));
      processes.add(run);
      memory.watch("run", run);
      int status = waitFor(run);
      record.put("wall_seconds", (System.nanoTime() - start) / 1e9);
      Map<String, Long> peaks = memory.peaks();
      if (status != 0)
        throw new Failed(
            point.id()
                + ": the run exited with status "
                + status
                + lastLine(dir.resolve(RUN_LOG)).map(l -> " (" + l + ")").orElse("")
                + "; see "
                + dir.resolve(RUN_LOG));
      ObjectNode byProcess = record.putObject("peak_rss_bytes_by_process");
      peaks.forEach(byProcess::put);
      if (peaks.size() == processes.size())
        record.put("peak_rss_bytes", peaks.values().stream().mapToLong(Long::longValue).sum());
      else record.putNull("peak_rss_bytes"); // no /proc here
    } finally {
      for (Process p : processes) stop(p);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUp);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: the processes are being stopped.
      }
    }
    environment.put("load_average_at_end", loadAverage());
    record.set(
        ScalingSummary.RUN, ScalingSummary.figures(Json.read(dir.resolve(ScalingSummary.RESULTS))));
    Json.write(dir.resolve(POINT), record);
    return record;
  }

  /** A command as point.json records it: the classpath, a hundred jars, by its source. */
  private static ArrayNode recorded(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    shown.set(shown.indexOf("-cp") + 1, "<the launcher's classpath>");
    return Json.strings(shown);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  /**
   * The JVM of a point's process: this JVM's java, classpath and options (the launcher's: its heap,
   * native-heap trimming, configuration files; a debugging or coverage agent left out), then the
   * series' options, pinned to {@code cpus}.
   */
  private static List<String> java(String cpus, int cores, List<String> javaOptions) {
    List<String> command = new ArrayList<>(List.of("taskset", "-c", cpus));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> inherited = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String arg : inherited)
      if (!arg.startsWith("-javaagent")
          && !arg.startsWith("-agent")
          && !arg.startsWith("-XX:ActiveProcessorCount")) command.add(arg);
    // Set after start-up (as by a test runner) rather than on the command line.
    for (String property : PROPERTIES) {
      String value = System.getProperty(property);
      if (value != null && inherited.stream().noneMatch(a -> a.startsWith("-D" + property + "=")))
        command.add("-D" + property + "=" + value);
    }
    command.addAll(javaOptions);
    command.add("-XX:ActiveProcessorCount=" + cores);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
    return command;
  }

  /** The CPUs this process may run on (Linux's Cpus_allowed_list), or 0..nproc-1 elsewhere. */
  static List<Integer> allowedCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:"))
          return cpuList(line.substring(line.indexOf(':') + 1));
      }
    } catch (IOException e) {
      // Not Linux: every processor the JVM sees.
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) all.add(i);
    return all;
  }

  /** A Linux CPU list such as {@code 0-3,8,10-11}. */
  static List<Integer> cpuList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String range : list.strip().split(",")) {
      String[] ends = range.split("-");
      int from = Integer.parseInt(ends[0].strip());
      int to = ends.length > 1 ? Integer.parseInt(ends[1].strip()) : from;
      for (int c = from; c <= to; c++) cpus.add(c);
    }
    return cpus;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Process start(List<String> command, Path log) {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start " + command.get(0) + " (taskset is in util-linux): " + e.getMessage(), e);
    }
  }

  /** Waits for the first node's "node ADDRESS roles [...] up" line and returns its address. */
  private static String awaitUp(ScalingPoint point, Process node, Path log, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> up = upLine(log);
      if (up.isPresent()) return up.get().split("\\s+")[1];
      if (!node.isAlive())
        throw new Failed(
            point.id()
                + ": node 0 exited with status "
                + node.exitValue()
                + " before it was up"
                + lastLine(log).map(l -> " (" + l + ")").orElse("")
                + "; see "
                + log);
      sleep(100);
    }
    throw new Failed(point.id() + ": node 0 was not up within " + timeout + "; see " + log);
  }

  private static Optional<String> lastLine(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::strip);
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> upLine(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.startsWith("node ") && l.contains(" up;")).findFirst();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty(); // not written yet
    }
  }

  private static int waitFor(Process process) {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a point ran", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a point ran", e);
    }
  }

  /** Asks a process to end (a node leaves its cluster), then makes it. */
  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + dir + ": " + e.getMessage(), e);
    }
  }
}
