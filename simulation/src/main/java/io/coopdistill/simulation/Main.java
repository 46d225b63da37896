package io.coopdistill.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.actors.cluster.ClusterNode;
import io.coopdistill.actors.cluster.Fingerprint;
import io.coopdistill.learners.data.DataFormatException;
import io.coopdistill.learners.data.DataNotFoundException;
import io.coopdistill.learners.data.TrainingDataException;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.dl4j.OffHeapLimit;
import io.coopdistill.simulation.methods.CooperativeRound;
import io.coopdistill.simulation.report.Report;
import io.coopdistill.simulation.run.Json;
import io.coopdistill.simulation.run.LogFile;
import io.coopdistill.simulation.run.PairedStatistics;
import io.coopdistill.simulation.run.Plan;
import io.coopdistill.simulation.run.Progress;
import io.coopdistill.simulation.run.QuietConsole;
import io.coopdistill.simulation.run.ResidentMemoryWatch;
import io.coopdistill.simulation.run.RunDirectory;
import io.coopdistill.simulation.run.SimulationRunner;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import io.coopdistill.simulation.scenario.Scenarios;
import io.coopdistill.simulation.scenario.Trial;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line: {@code run}, {@code list}, {@code report}, {@code node}, {@code bench}, {@code
 * scaling} and {@code help}. Every command takes {@code --help}. An error is one line on standard
 * error, {@code error: ...}, with an exit status per kind ({@link #EXIT_STATUS}); its stack trace
 * goes to the run's log file, and to standard error with {@code --verbose}.
 */
@Command(
    name = "coopdistill",
    mixinStandardHelpOptions = true,
    version = "coopdistill 0.1.0-SNAPSHOT",
    description =
        "Cooperative knowledge distillation (Livanos, Davidson, Wong, AAAI-24): run the paper's experiments.",
    subcommands = {
      Main.Run.class,
      Main.ListScenarios.class,
      Main.ReportRun.class,
      Main.Node.class,
      io.coopdistill.simulation.bench.Bench.class,
      io.coopdistill.simulation.bench.ScalingStudy.class
    })
public final class Main implements Callable<Integer> {
  /**
   * Exit status of a run that failed while it ran (a learner, the cluster, a file that cannot be
   * written) or was stopped.
   */
  public static final int RUNTIME_ERROR = 1;

  /**
   * Exit status of a usage error: a bad option, scenario, key or value, or a run directory that
   * cannot be used.
   */
  public static final int BAD_INPUT = 2;

  /**
   * Exit status of a data error: a data set that is missing, malformed (its file, line and column
   * are named), or unusable.
   */
  public static final int NO_DATA = 3;

  /** The exit statuses, as every command's --help lists them (and README.md). */
  static final Map<String, String> EXIT_STATUS = exitStatus();

  private static Map<String, String> exitStatus() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("0", "done");
    m.put(
        Integer.toString(RUNTIME_ERROR),
        "runtime error: the run failed while it ran (a learner, the cluster, a file that cannot be "
            + "written), or was stopped; details in DIR/coopdistill.log");
    m.put(
        Integer.toString(BAD_INPUT),
        "usage error: a bad option, scenario, key or value, or a run directory that cannot be used "
            + "(in use by another run, another run's, not empty)");
    m.put(
        Integer.toString(NO_DATA),
        "data error: a data set that is missing, a malformed data file (its line and column are named), "
            + "or a site that cannot train (rows of one class)");
    return m;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "print the stack trace of an error")
  boolean verbose;

  /** Standard error as given to {@link #execute}: where a run's progress goes. */
  private PrintStream err;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs the command line with the given streams and returns its exit status. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    Main main = new Main();
    main.err = err;
    CommandLine cli = new CommandLine(main);
    cli.addSubcommand("help", new CommandLine.HelpCommand());
    cli.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit status:%n")
        .exitCodeList(EXIT_STATUS);
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (sub.getCommand() instanceof CommandLine.HelpCommand) continue;
      sub.getCommandSpec()
          .addOption(
              CommandLine.Model.OptionSpec.builder("-h", "--help")
                  .usageHelp(true)
                  .description("Show this help message and exit.")
                  .build());
      sub.getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit status:%n")
          .exitCodeList(EXIT_STATUS);
    }
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          e.getCommandLine()
              .getErr()
              .println(
                  "error: "
                      + oneLine(e.getMessage())
                      + " (see "
                      + e.getCommandLine().getCommandSpec().qualifiedName()
                      + " --help)");
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          commandLine
              .getErr()
              .println(
                  e instanceof SimulationRunner.Stopped
                      ? e.getMessage()
                      : "error: " + oneLine(message(e)));
          if (main.verbose) e.printStackTrace(commandLine.getErr());
          return exitStatus(e);
        });
    return cli.execute(args);
  }

  static int exitStatus(Exception e) {
    if (e instanceof DataNotFoundException
        || e instanceof DataFormatException
        || e instanceof TrainingDataException) return NO_DATA;
    if (e instanceof IllegalArgumentException) return BAD_INPUT;
    return RUNTIME_ERROR;
  }

  /**
   * The error in the user's words: our messages say what happened and where; anything else also
   * names its type.
   */
  private static String message(Exception e) {
    if (e instanceof DataNotFoundException) return "missing data: " + e.getMessage();
    boolean ours =
        e instanceof IllegalArgumentException
            || e instanceof UncheckedIOException
            || e.getClass().getName().startsWith("io.coopdistill.");
    return ours && e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static String oneLine(String message) {
    return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(
      name = "run",
      description =
          "Run a scenario (default: quickstart) and write results.json, results.md and charts to DIR.")
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand Main main;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "SCENARIO",
        description =
            "scenario name (see list) or a scenario file (.conf, e.g. your own data); default: ${DEFAULT-VALUE}",
        defaultValue = ScenarioConfig.DEFAULT_SCENARIO)
    String scenario;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "override a configuration key (scenario.* or coopdistill.*)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "number of seeds (scenario.seeds)")
    Integer seeds;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "run directory; default runs/<scenario>-<timestamp>. An existing run there is resumed; one run at a time holds it (DIR/run.lock).")
    Path out;

    @Option(
        names = "--no-progress",
        description =
            "show no progress (see coopdistill.simulation.progress: bars on a terminal, "
                + "plain lines in a file or pipe)")
    boolean noProgress;

    @Option(
        names = "--quiet",
        description =
            "print only errors and the summary: no progress, no warnings (they stay in DIR/coopdistill.log)")
    boolean quiet;

    @Option(
        names = "--force",
        description = "use --out even if it is a non-empty directory that holds no run")
    boolean force;

    @Option(
        names = "--stop-after",
        hidden = true,
        description = "stop after N units as if killed (tests of resuming)")
    int stopAfter;

    @Option(
        names = "--cluster",
        description =
            "run the cooperative method on the learner nodes of an Akka cluster (see node); needs one seed")
    boolean cluster;

    @Option(
        names = "--seed-nodes",
        split = ",",
        paramLabel = "ADDRESS",
        description = "with --cluster: nodes to join, e.g. akka://coopdistill@127.0.0.1:2551")
    List<String> seedNodes = new ArrayList<>();

    @Option(
        names = "--port",
        paramLabel = "P",
        description = "with --cluster: the port this coordinator binds (default: any free port)")
    Integer port;

    @Option(
        names = "--nodes",
        paramLabel = "N",
        description =
            "with --cluster: wait for N learner nodes started without --sites, "
                + "then give them the sites (default: coopdistill.cluster.nodes, 0 = the learner nodes in the cluster)")
    Integer nodes;

    @Override
    public Integer call() {
      if (!quiet) return run();
      try (QuietConsole errorsOnly = QuietConsole.open()) {
        return run();
      }
    }

    private int run() {
      List<String> overrides = new ArrayList<>(sets);
      if (seeds != null) overrides.add("scenario.seeds=" + seeds);
      if (cluster) {
        overrides.add(CooperativeRound.RUNTIME_PATH + "=cluster");
        overrides.add("coopdistill.cluster.seed-nodes=" + Json.strings(seedNodes));
        if (port != null) overrides.add("coopdistill.cluster.port=" + port);
        if (nodes != null) overrides.add("coopdistill.cluster.nodes=" + nodes);
      } else if (!seedNodes.isEmpty() || port != null || nodes != null) {
        throw new IllegalArgumentException("--seed-nodes, --port and --nodes go with --cluster");
      }
      ScenarioConfig config = ScenarioConfig.load(scenario, overrides);
      OffHeapLimit.apply(config.root());
      ResidentMemoryWatch.start(config.root());
      if (CooperativeRound.runtime(config.root()) == CooperativeRound.Runtime.CLUSTER
          && config.scenario().getInt("seeds") != 1) {
        throw new IllegalArgumentException(
            "a cluster run is one trial (the learner nodes host one seed's data): use --seeds 1, "
                + "and the same --seed on every node as scenario.first-seed here");
      }
      Plan plan = Plan.of(config);
      Progress configured =
          Progress.of(config.root(), System.console() != null, main.err); // checked even when off
      Progress progress = quiet || noProgress ? Progress.NONE : configured;
      Path dir =
          out != null
              ? out
              : Path.of(
                  "runs",
                  config.name()
                      + "-"
                      + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      PrintWriter console = spec.commandLine().getOut();
      JsonNode results;
      try (RunDirectory held = RunDirectory.open(dir, plan, force);
          LogFile log = LogFile.attach(dir)) {
        try {
          results =
              new SimulationRunner(plan, new SimulationRunner.Settings(dir, progress, stopAfter))
                  .run();
          Report.render(dir, results);
        } catch (RuntimeException e) {
          log.failed("the run failed", e);
          throw e;
        }
      }
      console.println(Report.summary(results));
      console.println(
          "Results in "
              + dir.toAbsolutePath()
              + " (results.json, results.md, charts, coopdistill.log)");
      return 0;
    }
  }

  @Command(
      name = "node",
      description =
          "Start a cluster node that hosts sites of one trial of a scenario, and wait: those of --sites, "
              + "or, without --sites, those a run's coordinator assigns it. Prints the node's address, for --seed-nodes of other nodes and of `run --cluster`.")
  static final class Node implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "SCENARIO",
        description = "scenario whose sites this node hosts; default: ${DEFAULT-VALUE}",
        defaultValue = ScenarioConfig.DEFAULT_SCENARIO)
    String scenario;

    @Option(
        names = "--role",
        split = ",",
        paramLabel = "ROLE",
        description = "learner and/or coordinator (default: learner)")
    List<String> roles = new ArrayList<>(List.of(ClusterNode.LEARNER));

    @Option(
        names = "--sites",
        split = ",",
        paramLabel = "INDEX",
        description =
            "indices of the scenario's agents hosted here "
                + "(default: those the coordinator assigns this node when a run starts)")
    List<Integer> sites = new ArrayList<>();

    @Option(
        names = "--seed",
        paramLabel = "S",
        description = "the trial whose data this node hosts (default: scenario.first-seed)")
    Long seed;

    @Option(
        names = "--port",
        paramLabel = "P",
        description = "port to bind; 0 = any free port (default: ${DEFAULT-VALUE})",
        defaultValue = "2551")
    int port;

    @Option(
        names = "--seed-nodes",
        split = ",",
        paramLabel = "ADDRESS",
        description = "nodes to join; none: start a new cluster")
    List<String> seedNodes = new ArrayList<>();

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "override a configuration key (scenario.* or coopdistill.*)")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      ClusterNode node;
      try {
        node = start(scenario, Set.copyOf(roles), sites, seed, port, seedNodes, sets);
      } catch (ClusterNode.JoinFailedException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 1;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(node::close));
      // Printed only once the node is Up (a member the split brain resolver counts).
      spec.commandLine()
          .getOut()
          .println("node " + node.address() + " roles " + node.roles() + " up; Ctrl-C to leave");
      node.whenTerminated().toCompletableFuture().get();
      return 0;
    }

    /**
     * Starts a node hosting the given agents of the scenario's trial {@code seed}; a learner node
     * given none hosts those a run's coordinator assigns it.
     */
    static ClusterNode start(
        String scenario,
        Set<String> roles,
        List<Integer> sites,
        Long seed,
        int port,
        List<String> seedNodes,
        List<String> sets) {
      ScenarioConfig config = ScenarioConfig.load(scenario, sets);
      OffHeapLimit.apply(config.root());
      ResidentMemoryWatch.start(config.root());
      Trial trial =
          Scenarios.create(config)
              .trial(seed != null ? seed : config.scenario().getLong("first-seed"));
      // As the coordinator's round holds them (under accept = if-better, with rows set aside).
      List<Site> held =
          DistillationOptions.fromConfig(config.root()).judging(trial.sites(), trial.seed());
      if (sites.isEmpty() && roles.contains(ClusterNode.LEARNER)) {
        return ClusterNode.startAssignable(
            config.root(),
            roles,
            port,
            seedNodes,
            held,
            trial.test(),
            Fingerprint.of(config.root(), trial.seed(), held, trial.test()));
      }
      List<ClusterNode.HostedSite> here = new ArrayList<>();
      for (int i : sites) {
        if (i < 0 || i >= held.size()) {
          throw new IllegalArgumentException(
              "--sites " + i + ": " + scenario + " has agents 0.." + (held.size() - 1));
        }
        here.add(new ClusterNode.HostedSite(i, held.get(i)));
      }
      return ClusterNode.start(
          config.root(),
          roles,
          port,
          seedNodes,
          here,
          trial.test(),
          Fingerprint.of(
              config.root(),
              trial.seed(),
              here.stream().map(ClusterNode.HostedSite::site).toList(),
              trial.test()));
    }
  }

  @Command(name = "list", description = "List the scenarios with a one-line description.")
  static final class ListScenarios implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      for (Map.Entry<String, String> e : ScenarioConfig.catalog().entrySet()) {
        spec.commandLine().getOut().printf("%-24s %s%n", e.getKey(), e.getValue());
      }
      return 0;
    }
  }

  @Command(
      name = "report",
      description =
          "Re-render results.md and the charts of a finished run from its results.json, bringing "
              + "its paired and seed-level statistics up to date from the accuracies it records; "
              + "for an unfinished run, render the seeds every method has finished into DIR/partial.")
  static final class ReportRun implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a run directory")
    Path dir;

    @Override
    public Integer call() {
      Path file = dir.resolve(SimulationRunner.RESULTS);
      Path into = dir;
      JsonNode results;
      if (Files.isRegularFile(file)) {
        results = Json.read(file);
        // Results written before the paired or seed-level statistics get them from the accuracies
        // they record, in results.json too.
        JsonNode recorded = results.deepCopy();
        PairedStatistics.addTo(results, PairedStatistics.Options.recordedIn(results));
        if (!results.equals(recorded)) Json.write(file, results);
      } else {
        results =
            SimulationRunner.finishedSeeds(dir)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            dir
                                + " is an unfinished run on which no seed has finished yet: nothing to report"));
        into = dir.resolve(SimulationRunner.PARTIAL);
      }
      Report.render(into, results).forEach(p -> spec.commandLine().getOut().println("wrote " + p));
      spec.commandLine().getOut().println(Report.summary(results));
      return 0;
    }
  }
}
