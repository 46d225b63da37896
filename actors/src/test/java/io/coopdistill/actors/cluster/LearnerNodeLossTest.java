package io.coopdistill.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.ActorRuntime.DistillationFailedException;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's layout: a learner node in this JVM starts the cluster, a learner node in a separate JVM
 * and then a coordinator join it. The separate node is killed (SIGKILL) when round 2 reaches the
 * counterfactual phase: the split brain resolver downs it and keeps the side with the coordinator,
 * and the supervisor, told by death watch, fails the run naming both sites the node hosted (1 and
 * 2), or, when it hosted only VA (site 2), goes on with the two surviving sites.
 */
class LearnerNodeLossTest {
  static final long SEED = 7;
  static final String LOST = HeartDiseaseSites.names().get(2);

  @TempDir File dir;
  private ClusterNode learners;
  private ClusterNode coordinator;
  private Process node;

  @AfterEach
  void cleanUp() throws Exception {
    if (node != null) {
      node.destroyForcibly();
      node.waitFor(10, TimeUnit.SECONDS);
    }
    if (coordinator != null) coordinator.close();
    if (learners != null) learners.close();
  }

  /**
   * Starts the cluster with on-learner-loss = {@code onLoss}, the node process hosting sites {@code
   * remote} (e.g. "2"), this JVM's learner node the others; the returned listener kills the process
   * at round 2's counterfactuals.
   */
  private Consumer<Supervisor.Progress> startCluster(String onLoss, String remote)
      throws Exception {
    List<String> lost = List.of(remote.split(","));
    List<ClusterNode.HostedSite> here =
        java.util.stream.IntStream.range(0, 3)
            .filter(i -> !lost.contains(String.valueOf(i)))
            .mapToObj(i -> HeartDiseaseSites.hosted(i, SEED))
            .toList();
    learners =
        ClusterNode.start(
            HeartDiseaseSites.ROOT,
            Set.of(ClusterNode.LEARNER),
            0,
            List.of(),
            here,
            HeartDiseaseSites.DATA.test(),
            HeartDiseaseSites.fingerprint(HeartDiseaseSites.ROOT, SEED, here));
    File log = new File(dir, "node.log");
    node = LearnerNodeProcess.start(SEED, learners.address(), remote, log);
    Config config =
        ConfigFactory.parseString("coopdistill.cluster.on-learner-loss = " + onLoss)
            .withFallback(HeartDiseaseSites.ROOT);
    coordinator =
        ClusterNode.start(
            config,
            Set.of(ClusterNode.COORDINATOR),
            0,
            List.of(learners.address()),
            List.of(),
            null,
            HeartDiseaseSites.fingerprint(config, SEED, HeartDiseaseSites.sites(SEED, 0, 1, 2)));
    // Up before any work: the split brain resolver counts only Up members, so only an Up
    // coordinator is kept.
    assertEquals(MemberStatus.up(), Cluster.get(coordinator.system()).selfMember().status());
    AtomicBoolean killed = new AtomicBoolean();
    return p -> {
      if (p.round() == 2
          && p.phase() == RoundPhase.COUNTERFACTUALS
          && killed.compareAndSet(false, true)) node.destroyForcibly();
    };
  }

  @Test
  @Timeout(90)
  void theRunFailsNamingTheLostSitesAndKeepsTheFinishedRound() throws Exception {
    Consumer<Supervisor.Progress> killer = startCluster("fail", "1,2");
    DistillationFailedException e =
        assertThrows(
            DistillationFailedException.class,
            () ->
                ClusterRuntime.run(
                    coordinator,
                    HeartDiseaseSites.names(),
                    SEED,
                    3,
                    PrivacyOptions.fromConfig(HeartDiseaseSites.ROOT),
                    killer));
    // Whichever of the node's learners is reported first, the error names both sites it hosted.
    String node = "on akka://coopdistill@127\\.0\\.0\\.1:\\d+, which also hosted ";
    String one = Pattern.quote(HeartDiseaseSites.names().get(1));
    String two = Pattern.quote(LOST);
    assertTrue(
        e.getMessage()
            .matches(
                "learner ("
                    + one
                    + " \\(site 1, "
                    + node
                    + two
                    + " \\(site 2\\)|"
                    + two
                    + " \\(site 2, "
                    + node
                    + one
                    + " \\(site 1\\))\\) was lost .*"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("was lost") && e.getMessage().contains("in round 2"),
        e.getMessage());
    assertEquals(1, e.completedRounds().size(), e.getMessage());
    DistillationResult reference = HeartDiseaseSites.reference(SEED);
    assertTrue(
        e.completedRounds().get(0).sameOutcome(reference),
        "round 1:\n" + e.completedRounds().get(0) + "\nreference:\n" + reference);
    survivorsAreUp();
  }

  /**
   * The coordinator and the learner node in this JVM are still members: only the killed node was
   * downed.
   */
  private void survivorsAreUp() {
    for (ClusterNode survivor : List.of(coordinator, learners)) {
      assertFalse(
          survivor.whenTerminated().toCompletableFuture().isDone(),
          survivor.address() + " was downed");
      assertEquals(
          MemberStatus.up(),
          Cluster.get(survivor.system()).selfMember().status(),
          survivor.address());
    }
  }

  @Test
  @Timeout(90)
  void theRunContinuesWithoutTheLostSitesData() throws Exception {
    Consumer<Supervisor.Progress> killer = startCluster("continue", "2");
    Supervisor.Completed run =
        ClusterRuntime.run(
            coordinator,
            HeartDiseaseSites.names(),
            SEED,
            3,
            PrivacyOptions.fromConfig(HeartDiseaseSites.ROOT),
            killer);
    assertFalse(node.isAlive(), Files.readString(new File(dir, "node.log").toPath()));
    assertEquals(3, run.rounds().size(), run.stopReason());
    assertTrue(run.rounds().get(0).sameOutcome(HeartDiseaseSites.reference(SEED)));
    for (DistillationResult round : run.rounds().subList(1, 3)) {
      assertTrue(
          Double.isNaN(round.baselineAccuracy()[2]) && Double.isNaN(round.distilledAccuracy()[2]),
          round.toString());
      for (int i = 0; i < 2; i++)
        assertFalse(Double.isNaN(round.distilledAccuracy()[i]), round.toString());
      assertEquals(
          0,
          round.counts().of(Count.KEPT).perStudent()[2],
          "nothing is kept by the lost student: " + round);
    }
    // Round 3 never asks the lost site: its rows are no longer scored, so no pair's deficiencies
    // come from it.
    DistillationResult last = run.rounds().get(2);
    assertTrue(last.counts().of(Count.GENERATED).total() > 0, last.toString());
    survivorsAreUp();
  }
}
