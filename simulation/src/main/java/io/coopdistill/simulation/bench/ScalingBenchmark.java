package io.coopdistill.simulation.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.actors.cluster.ClusterNode;
import io.coopdistill.actors.cluster.ClusterRuntime;
import io.coopdistill.actors.cluster.Fingerprint;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the cluster sends (not a test): many small tabular agents on generated blobs ({@link
 * BlobSites}, 4 features, 40 rows per site, a 300-row test set, seed 1). Time, memory and cores
 * against the number of agents and nodes are the scaling study's ({@link ScalingStudy}).
 *
 * <pre>
 * nodes 1,2,3 AGENTS [LEARNER]    a coordinator here and n learner node processes on loopback (sites round-robin):
 *                                 round 1 and 2 wall time, and CBOR bytes sent between JVMs per round
 *                                 (both followed by the seconds of each phase)
 * node SEED_NODE INDICES AGENTS LEARNER   (started by nodes) a learner node hosting sites INDICES
 * </pre>
 *
 * LEARNER is a learner type of conf/learners-smile.conf (default cart). Run from the project root
 * after {@code ./mvnw -q -DskipTests install}, with the project's configuration:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp 'simulation/target/lib/*' -Dconfig.file=conf/application.conf -Dcoopdistill.root=. \
 *     -Dlogback.configurationFile=conf/logback.xml io.coopdistill.simulation.bench.ScalingBenchmark nodes 1,2,3 30
 * </pre>
 */
public final class ScalingBenchmark {
  private ScalingBenchmark() {}

  static final int WIDTH = 4;
  static final int ROWS = 40;
  static final long SEED = 1;
  static final String COUNTING =
      "akka.actor.serializers.jackson-cbor = \"" + CountingSerializer.class.getName() + "\"";

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ScalingBenchmark nodes 1,2,3 AGENTS [LEARNER]");
      System.exit(2);
    }
    Config root = ConfigFactory.parseString(COUNTING).withFallback(ConfigFactory.load()).resolve();
    switch (args[0]) {
      case "nodes" ->
          nodes(root, ints(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "cart");
      case "node" ->
          node(root, args[1], ints(args[2]), Integer.parseInt(args[3]), learner(root, args, 4));
      default ->
          throw new IllegalArgumentException("unknown benchmark '" + args[0] + "': nodes or node");
    }
    System.exit(0);
  }

  private static int[] ints(String list) {
    return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static Learner learner(Config root, String[] args, int at) {
    String type = args.length > at ? args[at] : "cart";
    return Learners.create(ConfigFactory.parseString("type = " + type), root);
  }

  private static Site site(int index, Learner learner) {
    Dataset data = BlobSites.site(index, WIDTH, ROWS, SEED);
    return new Site(data.name(), learner, data);
  }

  private static double roundSeconds(DistillationResult round) {
    return round.phaseSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Seconds per phase, e.g. "counterfactuals 7.34 s, set-cover 0.14 s". */
  private static String phases(DistillationResult round) {
    return round.phaseSeconds().entrySet().stream()
        .map(
            e ->
                String.format(
                    "%s %.2f s", e.getKey().name().toLowerCase().replace('_', '-'), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** A learner node process of the benchmark, and the pipe to ask it how many bytes it sent. */
  private record NodeProcess(Process process, BufferedReader out, PrintStream in) {
    long sent() throws IOException {
      in.println("report");
      in.flush();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("SENT ")) return Long.parseLong(line.substring(5).trim());
        System.err.println("[node] " + line);
      }
      throw new IOException("node process ended without reporting");
    }
  }

  private static void nodes(Config root, int[] nodeCounts, int agents, String learner)
      throws Exception {
    List<String> names =
        IntStream.range(0, agents)
            .mapToObj(i -> BlobSites.site(i, WIDTH, ROWS, SEED).name())
            .toList();
    System.out.printf(
        "%d %s agents, cores %d%n", agents, learner, Runtime.getRuntime().availableProcessors());
    System.out.println(
        "nodes  round1_s  round2_s  bytes_round1  bytes_round2  same_outcome_as_1_node");
    List<DistillationResult> first = null;
    for (int n : nodeCounts) {
      List<NodeProcess> processes = new ArrayList<>();
      try (ClusterNode coordinator =
          ClusterNode.start(
              root,
              Set.of(ClusterNode.COORDINATOR),
              0,
              List.of(),
              List.of(),
              null,
              Fingerprint.of(root, SEED, List.of(), null))) {
        for (int node = 0; node < n; node++) {
          int me = node;
          String indices =
              String.join(
                  ",",
                  IntStream.range(0, agents)
                      .filter(i -> i % n == me)
                      .mapToObj(String::valueOf)
                      .toList());
          List<String> command =
              new ArrayList<>(
                  List.of(
                      new File(System.getProperty("java.home"), "bin/java").getPath(),
                      "-Xmx1g",
                      "-cp",
                      System.getProperty("java.class.path")));
          for (String property :
              List.of("config.file", "coopdistill.root", "logback.configurationFile")) {
            if (System.getProperty(property) != null)
              command.add("-D" + property + "=" + System.getProperty(property));
          }
          command.addAll(
              List.of(
                  ScalingBenchmark.class.getName(),
                  "node",
                  coordinator.address(),
                  indices,
                  String.valueOf(agents),
                  learner));
          Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
          processes.add(
              new NodeProcess(
                  process,
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                  new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8)));
        }
        long[] atRound2 = new long[1];
        Supervisor.Completed run =
            ClusterRuntime.run(
                coordinator,
                names,
                SEED,
                2,
                PrivacyOptions.fromConfig(root),
                p -> {
                  if (p.round() == 2 && p.done() == 0 && atRound2[0] == 0)
                    atRound2[0] = totalSent(processes);
                });
        long end = totalSent(processes);
        if (first == null) first = run.rounds();
        boolean same =
            first.get(0).sameOutcome(run.rounds().get(0))
                && first.get(1).sameOutcome(run.rounds().get(1));
        System.out.printf(
            "%5d  %8.2f  %8.2f  %12d  %12d  %s%n",
            n,
            roundSeconds(run.rounds().get(0)),
            roundSeconds(run.rounds().get(1)),
            atRound2[0],
            end - atRound2[0],
            same);
        System.out.println(
            "       round 1 "
                + phases(run.rounds().get(0))
                + "\n       round 2 "
                + phases(run.rounds().get(1)));
      } finally {
        for (NodeProcess p : processes) {
          p.process().destroy();
          if (!p.process().waitFor(20, TimeUnit.SECONDS)) p.process().destroyForcibly();
        }
      }
    }
  }

  private static long totalSent(List<NodeProcess> processes) {
    long sum = CountingSerializer.sent();
    try {
      for (NodeProcess p : processes) sum += p.sent();
    } catch (IOException e) {
      throw new IllegalStateException("could not read a node's byte count", e);
    }
    return sum;
  }

  private static void node(Config root, String seedNode, int[] indices, int agents, Learner learner)
      throws IOException {
    List<ClusterNode.HostedSite> hosted =
        Arrays.stream(indices)
            .mapToObj(i -> new ClusterNode.HostedSite(i, site(i, learner)))
            .toList();
    Dataset test = BlobSites.test(WIDTH, 300, SEED);
    ClusterNode node =
        ClusterNode.start(
            root,
            Set.of(ClusterNode.LEARNER),
            0,
            List.of(seedNode),
            hosted,
            test,
            Fingerprint.of(
                root, SEED, hosted.stream().map(ClusterNode.HostedSite::site).toList(), test));
    node.whenTerminated().thenRun(() -> System.exit(0));
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    // Until the benchmark closes the pipe: answer its byte count queries.
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("report")) System.out.println("SENT " + CountingSerializer.sent());
    }
    node.close();
  }
}
