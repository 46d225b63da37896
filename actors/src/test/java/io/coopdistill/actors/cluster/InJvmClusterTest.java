package io.coopdistill.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.ActorRuntime.DistillationFailedException;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three actor systems on 127.0.0.1 in one JVM form a cluster: a coordinator, a learner node hosting
 * Hungarian and Switzerland, one hosting VA. Every message between them is serialised (CBOR) and
 * crosses Artery TCP; round 1 equals the reference orchestrator's round for the seed, under the
 * configured guard or the one the run asks for.
 */
class InJvmClusterTest {
  static final long SEED = 7;
  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ClusterNode::close);
  }

  private ClusterNode start(
      Set<String> roles, List<String> seeds, List<ClusterNode.HostedSite> sites) {
    List<ClusterNode.HostedSite> fingerprinted =
        roles.contains(ClusterNode.COORDINATOR) ? HeartDiseaseSites.sites(SEED, 0, 1, 2) : sites;
    ClusterNode node =
        ClusterNode.start(
            HeartDiseaseSites.ROOT,
            roles,
            0,
            seeds,
            sites,
            HeartDiseaseSites.DATA.test(),
            HeartDiseaseSites.fingerprint(HeartDiseaseSites.ROOT, SEED, fingerprinted));
    nodes.add(node);
    return node;
  }

  @Test
  void aRoundOnThreeNodesIsTheSingleJvmRound() {
    long seed = SEED;
    ClusterNode coordinator = start(Set.of(ClusterNode.COORDINATOR), List.of(), List.of());
    List<String> seeds = List.of(coordinator.address());
    start(
        Set.of(ClusterNode.LEARNER),
        seeds,
        List.of(HeartDiseaseSites.hosted(0, seed), HeartDiseaseSites.hosted(1, seed)));
    start(Set.of(ClusterNode.LEARNER), seeds, List.of(HeartDiseaseSites.hosted(2, seed)));

    List<Supervisor.Progress> events = new CopyOnWriteArrayList<>();
    Supervisor.Completed run =
        ClusterRuntime.run(
            coordinator,
            HeartDiseaseSites.names(),
            seed,
            1,
            PrivacyOptions.fromConfig(HeartDiseaseSites.ROOT),
            events::add);
    DistillationResult expected = HeartDiseaseSites.reference(seed);
    DistillationResult actual = run.rounds().get(0);
    assertEquals(1, run.rounds().size());
    assertTrue(actual.sameOutcome(expected), "cluster:\n" + actual + "\nreference:\n" + expected);
    assertTrue(actual.counts().of(Count.GENERATED).total() > 0);
    assertTrue(
        events.contains(new Supervisor.Progress(1, RoundPhase.COUNTERFACTUALS, 9, 9)),
        events.toString());

    // The same nodes search unguarded when the run says so (cooperative-unguarded), whatever their
    // configured guard.
    PrivacyOptions unguarded =
        PrivacyOptions.fromConfig(HeartDiseaseSites.ROOT).with(PrivacyOptions.Guard.NONE);
    DistillationResult paper =
        ClusterRuntime.run(coordinator, HeartDiseaseSites.names(), seed, 1, unguarded, p -> {})
            .rounds()
            .get(0);
    DistillationResult paperExpected = HeartDiseaseSites.reference(seed, unguarded);
    assertTrue(
        paper.sameOutcome(paperExpected), "cluster:\n" + paper + "\nreference:\n" + paperExpected);
    assertFalse(paper.sameOutcome(actual), "the guard changes the round");
  }

  @Test
  void aMissingSiteIsNamedAfterTheRegistrationTimeout() {
    ClusterNode coordinator =
        ClusterNode.start(
            ConfigFactory.parseString("coopdistill.cluster.registration-timeout = 3 s")
                .withFallback(HeartDiseaseSites.ROOT),
            Set.of(ClusterNode.COORDINATOR, ClusterNode.LEARNER),
            0,
            List.of(),
            HeartDiseaseSites.sites(1, 0, 2),
            null,
            HeartDiseaseSites.fingerprint(
                HeartDiseaseSites.ROOT, 1, HeartDiseaseSites.sites(1, 0, 1, 2)));
    nodes.add(coordinator);
    DistillationFailedException e =
        assertThrows(
            DistillationFailedException.class,
            () ->
                ClusterRuntime.run(
                    coordinator,
                    HeartDiseaseSites.names(),
                    1,
                    1,
                    PrivacyOptions.fromConfig(HeartDiseaseSites.ROOT),
                    p -> {}));
    String missing = HeartDiseaseSites.names().get(1);
    assertTrue(
        e.getMessage().startsWith(missing + " (1) not registered by any learner node within 3 s"),
        e.getMessage());
  }
}
