package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.actors.cluster.ClusterNode;
import io.coopdistill.simulation.run.Json;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `./coopdistill node` and `./coopdistill run --cluster`: the same numbers as a run in one JVM. */
class ClusterCliTest {
  @TempDir Path temp;

  @Test
  @Timeout(120)
  void aRunOnLearnerNodesStartedWithoutSitesEqualsTheRunInOneJvm() {
    String[] sets = {
      "--set",
      "scenario.methods=[baseline,cooperative,cooperative-unguarded]",
      "--seeds",
      "1",
      "--no-progress"
    };
    // Two nodes without --sites: the coordinator gives them the three sites (0-1 and 2, by
    // address), for both cluster methods.
    try (ClusterNode first = learnerNode("heart-disease-trees", List.of());
        ClusterNode second = learnerNode("heart-disease-trees", List.of(first.address()))) {
      Cli clustered =
          Cli.run(
              concat(
                  new String[] {
                    "run",
                    "heart-disease-trees",
                    "--cluster",
                    "--nodes",
                    "2",
                    "--seed-nodes",
                    first.address(),
                    "--out",
                    temp.resolve("cluster").toString()
                  },
                  sets));
      assertEquals(0, clustered.status(), clustered.err());
    }
    Cli local =
        Cli.run(
            concat(
                new String[] {
                  "run", "heart-disease-trees", "--out", temp.resolve("local").toString()
                },
                sets));
    assertEquals(0, local.status(), local.err());
    JsonNode a = Json.read(temp.resolve("cluster/results.json"));
    JsonNode b = Json.read(temp.resolve("local/results.json"));
    assertEquals(
        b.get("methods").get("cooperative").get("accuracy"),
        a.get("methods").get("cooperative").get("accuracy"));
    // The unguarded method runs on the learner node too, under the run's guard, not the node's
    // configured one.
    assertEquals(
        b.get("methods").get("cooperative-unguarded").get("accuracy"),
        a.get("methods").get("cooperative-unguarded").get("accuracy"));
    assertEquals(
        b.get("counterfactuals").get("generated"), a.get("counterfactuals").get("generated"));
    assertEquals(
        "cluster", a.get("config").get("coopdistill").get("simulation").get("runtime").asText());
  }

  @Test
  @Timeout(180)
  void underIfBetterEachLearnerNodeSetsAsideTheRowsTheRunInOneJvmSetsAside() {
    String ifBetter = "coopdistill.distillation.accept=if-better";
    String[] sets = {
      "--set",
      "scenario.methods=[baseline,cooperative]",
      "--set",
      ifBetter,
      "--seeds",
      "1",
      "--no-progress"
    };
    // quickstart's sites have no held-out rows: each node sets its validation rows aside itself.
    try (ClusterNode node = learnerNode("quickstart", List.of(), ifBetter)) {
      Cli clustered = clusterRun("quickstart", node.address(), "cluster", sets);
      assertEquals(0, clustered.status(), clustered.err());
    }
    Cli local =
        Cli.run(
            concat(
                new String[] {"run", "quickstart", "--out", temp.resolve("local").toString()},
                sets));
    assertEquals(0, local.status(), local.err());
    JsonNode a = Json.read(temp.resolve("cluster/results.json")).get("methods");
    JsonNode b = Json.read(temp.resolve("local/results.json")).get("methods");
    assertEquals(b.get("cooperative").get("accuracy"), a.get("cooperative").get("accuracy"));
    assertEquals(b.get("cooperative").get("acceptance"), a.get("cooperative").get("acceptance"));
    assertTrue(a.get("cooperative").get("acceptance").isObject(), a.toString());
  }

  @Test
  @Timeout(120)
  void aNodeStartedWithoutTheCoordinatorsAcceptanceIsRefusedNotBypassed() {
    try (ClusterNode node = learnerNode("quickstart", List.of())) {
      Cli clustered =
          clusterRun(
              "quickstart",
              node.address(),
              "refused",
              "--set",
              "coopdistill.distillation.accept=if-better",
              "--set",
              "scenario.methods=[baseline,cooperative]",
              "--seeds",
              "1",
              "--no-progress");
      assertNotEquals(0, clustered.status(), clustered.out());
      assertTrue(clustered.err().contains("coopdistill.distillation.accept"), clustered.err());
    }
  }

  /**
   * A learner node of {@code scenario}'s first trial on a free port, joining {@code seedNodes}
   * (none: a new cluster), hosting the sites a run's coordinator assigns it, under {@code sets}.
   */
  private static ClusterNode learnerNode(String scenario, List<String> seedNodes, String... sets) {
    return Main.Node.start(
        scenario, Set.of(ClusterNode.LEARNER), List.of(), null, 0, seedNodes, List.of(sets));
  }

  /** `run SCENARIO --cluster` on the node at {@code seed} into {@code out} under temp. */
  private Cli clusterRun(String scenario, String seed, String out, String... sets) {
    return Cli.run(
        concat(
            new String[] {
              "run",
              scenario,
              "--cluster",
              "--nodes",
              "1",
              "--seed-nodes",
              seed,
              "--out",
              temp.resolve(out).toString()
            },
            sets));
  }

  @Test
  void aClusterRunIsOneTrialAndItsOptionsNeedTheFlag() {
    Cli many =
        Cli.run(
            "run",
            "heart-disease-trees",
            "--cluster",
            "--seed-nodes",
            "akka://coopdistill@127.0.0.1:2551",
            "--out",
            temp.resolve("many").toString());
    assertEquals(Main.BAD_INPUT, many.status());
    assertTrue(many.err().contains("use --seeds 1"), many.err());
    Cli stray =
        Cli.run(
            "run",
            "heart-disease-trees",
            "--seed-nodes",
            "akka://coopdistill@127.0.0.1:2551",
            "--out",
            temp.resolve("stray").toString());
    assertEquals(Main.BAD_INPUT, stray.status());
    assertTrue(stray.err().contains("go with --cluster"), stray.err());
    Cli nodes =
        Cli.run(
            "run",
            "heart-disease-trees",
            "--nodes",
            "2",
            "--out",
            temp.resolve("nodes").toString());
    assertEquals(Main.BAD_INPUT, nodes.status());
    assertTrue(
        nodes.err().contains("--seed-nodes, --port and --nodes go with --cluster"), nodes.err());
  }

  @Test
  @Timeout(60)
  void aNodeWhoseSeedNodeIsDownFailsAfterTheJoinTimeoutWithoutClaimingToBeUp() throws Exception {
    joinFails("--sites", "2");
  }

  @Test
  @Timeout(60)
  void aNodeWithoutSitesIsAcceptedAndJoinsLikeOneWithSites() throws Exception {
    joinFails();
  }

  /**
   * A node started with {@code options} whose seed node is down: it gets as far as joining, and
   * fails after the join timeout.
   */
  private static void joinFails(String... options) throws Exception {
    int free;
    try (ServerSocket socket = new ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    String seed = "akka://coopdistill@127.0.0.1:" + free;
    Cli node =
        Cli.run(
            concat(
                concat(new String[] {"node", "heart-disease-trees", "--port", "0"}, options),
                new String[] {
                  "--seed-nodes", seed, "--set", "coopdistill.cluster.join-timeout=2s"
                }));
    assertEquals(1, node.status(), node.err());
    assertEquals("", node.out());
    assertTrue(node.err().startsWith("error: node akka://coopdistill@127.0.0.1:"), node.err());
    assertTrue(
        node.err()
            .contains(
                " did not join the cluster of ["
                    + seed
                    + "] within 2 s (coopdistill.cluster.join-timeout)"),
        node.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
