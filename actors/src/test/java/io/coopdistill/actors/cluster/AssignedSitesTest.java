package io.coopdistill.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.Member;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.ActorRuntime;
import io.coopdistill.actors.ActorRuntime.DistillationFailedException;
import io.coopdistill.actors.Blobs;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Learner nodes started without a list of sites: the coordinator assigns the sites in contiguous
 * blocks over the nodes sorted by address, the run equals the run in one JVM, a lost node is named
 * with the sites it was given, and a cluster that mixes nodes with and without a list is refused.
 */
class AssignedSitesTest {
  static final long SEED = 5;
  static final int SITES = 7;
  static final Learner TREE =
      Learners.create(
          ConfigFactory.parseString("type = cart, max-depth = 3"), HeartDiseaseSites.ROOT);
  static final List<Site> BLOBS =
      IntStream.range(0, SITES)
          .mapToObj(
              i -> new Site("blob-" + i, TREE, Blobs.generate("blob-" + i, 3, 40, 0.15, 11, i)))
          .toList();
  static final Dataset TEST = Blobs.generate("test", 3, 90, 0.15, 11, 99);
  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ClusterNode::close);
  }

  private Fingerprint fingerprint(Config config) {
    return Fingerprint.of(config, SEED, BLOBS, TEST);
  }

  private ClusterNode coordinator(Config config) {
    ClusterNode c =
        ClusterNode.start(
            config,
            Set.of(ClusterNode.COORDINATOR),
            0,
            List.of(),
            List.of(),
            null,
            fingerprint(config));
    nodes.add(c);
    return c;
  }

  private ClusterNode assignable(Config config, ClusterNode seed) {
    ClusterNode n =
        ClusterNode.startAssignable(
            config,
            Set.of(ClusterNode.LEARNER),
            0,
            List.of(seed.address()),
            BLOBS,
            TEST,
            fingerprint(config));
    nodes.add(n);
    return n;
  }

  /**
   * {@code config} with a run that waits for {@code n} nodes without a list of sites (nodes just
   * started may not be members yet).
   */
  private static Config nodes(int n, Config config) {
    return ConfigFactory.parseString("coopdistill.cluster.nodes = " + n).withFallback(config);
  }

  private static List<String> names() {
    return BLOBS.stream().map(Site::name).toList();
  }

  @Test
  void theAssignmentGivesEverySiteToExactlyOneNodeInContiguousBlocks() {
    for (int sites = 1; sites <= 40; sites++) {
      for (int nodes = 1; nodes <= 6; nodes++) {
        List<List<Integer>> blocks = RunCoordinator.assign(sites, nodes);
        assertEquals(blocks, RunCoordinator.assign(sites, nodes), "deterministic");
        assertEquals(nodes, blocks.size());
        assertEquals(
            IntStream.range(0, sites).boxed().toList(),
            blocks.stream().flatMap(List::stream).toList(),
            sites + " over " + nodes);
        int min = blocks.stream().mapToInt(List::size).min().orElseThrow();
        int max = blocks.stream().mapToInt(List::size).max().orElseThrow();
        assertTrue(max - min <= 1, blocks.toString());
      }
    }
    assertEquals(
        List.of(List.of(0, 1, 2), List.of(3, 4), List.of(5, 6)), RunCoordinator.assign(7, 3));
    assertThrows(IllegalArgumentException.class, () -> RunCoordinator.assign(3, 0));
  }

  @Test
  @Timeout(120)
  void threeNodesWithoutSitesGiveTheRunOfOneJvm() throws Exception {
    Config config = nodes(3, HeartDiseaseSites.ROOT);
    ClusterNode coordinator = coordinator(config);
    List<ClusterNode> learners =
        List.of(
            assignable(config, coordinator),
            assignable(config, coordinator),
            assignable(config, coordinator));
    Supervisor.Completed run =
        ClusterRuntime.run(
            coordinator, names(), SEED, 1, PrivacyOptions.fromConfig(config), p -> {});
    Supervisor.Completed local = ActorRuntime.run(config, BLOBS, TEST, SEED, 1, p -> {});
    DistillationResult actual = run.rounds().get(0);
    DistillationResult expected = local.rounds().get(0);
    assertTrue(actual.sameOutcome(expected), "cluster:\n" + actual + "\none JVM:\n" + expected);
    assertTrue(actual.counts().of(Count.GENERATED).total() > 0);

    // Blocks in the order of the nodes' addresses: 0-2, 3-4, 5-6.
    List<ClusterNode> sorted = new ArrayList<>(learners);
    sorted.sort((a, b) -> Member.addressOrdering().compare(address(a), address(b)));
    List<List<Integer>> blocks = RunCoordinator.assign(SITES, 3);
    for (int j = 0; j < 3; j++) {
      assertEquals(
          blocks.get(j).stream().map(i -> names().get(i)).toList(),
          hosted(coordinator, sorted.get(j)),
          sorted.get(j).address());
    }
    // A second run on the same nodes keeps the assignment and the result.
    assertTrue(
        ClusterRuntime.run(
                coordinator, names(), SEED, 1, PrivacyOptions.fromConfig(config), p -> {})
            .rounds()
            .get(0)
            .sameOutcome(expected));
  }

  private static akka.actor.Address address(ClusterNode node) {
    return akka.cluster.typed.Cluster.get(node.system()).selfMember().address();
  }

  /** The sites {@code node} says it hosts, asked from the coordinator as a run would. */
  private static List<String> hosted(ClusterNode coordinator, ClusterNode node) throws Exception {
    var system = coordinator.system();
    Receptionist.Listing listing =
        AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                system.receptionist(),
                replyTo -> Receptionist.find(NodeAgreement.KEY, replyTo),
                Duration.ofSeconds(5),
                system.scheduler())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    ActorRef<NodeAgreement.Command> agreement =
        listing.getServiceInstances(NodeAgreement.KEY).stream()
            .filter(r -> r.path().address().equals(address(node)))
            .findFirst()
            .orElseThrow();
    NodeAgreement.Answer answer =
        AskPattern.<NodeAgreement.Command, NodeAgreement.Answer>ask(
                agreement,
                replyTo -> new NodeAgreement.Check(coordinator.fingerprint(), replyTo),
                Duration.ofSeconds(5),
                system.scheduler())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(List.of(), answer.differences());
    return answer.hosted();
  }

  @Test
  @Timeout(120)
  void aLostNodeIsNamedWithTheSitesItWasGiven() throws Exception {
    Config config =
        nodes(
            2,
            ConfigFactory.parseString("coopdistill.cluster.on-learner-loss = fail")
                .withFallback(HeartDiseaseSites.ROOT));
    ClusterNode coordinator = coordinator(config);
    ClusterNode first = assignable(config, coordinator);
    ClusterNode second = assignable(config, coordinator);
    ClusterNode lost =
        Member.addressOrdering().compare(address(first), address(second)) < 0 ? second : first;
    AtomicBoolean closed = new AtomicBoolean();
    // Downed as the split brain resolver downs a node that stopped answering: at once, so that the
    // run cannot finish first.
    DistillationFailedException e =
        assertThrows(
            DistillationFailedException.class,
            () ->
                ClusterRuntime.run(
                    coordinator,
                    names(),
                    SEED,
                    10,
                    PrivacyOptions.fromConfig(config),
                    p -> {
                      if (p.round() == 2
                          && p.phase() == RoundPhase.COUNTERFACTUALS
                          && closed.compareAndSet(false, true)) {
                        akka.cluster.typed.Cluster.get(coordinator.system())
                            .manager()
                            .tell(new akka.cluster.typed.Down(address(lost)));
                      }
                    }));
    // The later node in address order was given sites 4-6: whichever of its learners is reported
    // first, the error names the others.
    assertTrue(
        e.getMessage().contains(" (site ")
            && e.getMessage().contains(", on " + lost.address() + ", which also hosted "),
        e.getMessage());
    Set<String> named = new HashSet<>();
    for (int i = 4; i < SITES; i++)
      if (e.getMessage().contains("blob-" + i + " (site " + i + ")")
          || e.getMessage().contains("blob-" + i + " (site " + i + ",")) named.add("blob-" + i);
    assertEquals(Set.of("blob-4", "blob-5", "blob-6"), named, e.getMessage());
    assertTrue(
        !e.getMessage().contains("blob-3 ")
            && e.getMessage().contains("was lost")
            && e.getMessage().contains("in round 2"),
        e.getMessage());
    assertEquals(1, e.completedRounds().size(), e.getMessage());
  }

  @Test
  @Timeout(60)
  void nodesWithAndWithoutAListOfSitesAreRefused() {
    // Two nodes expected, one without --sites: the run cannot assign before it hears of the other.
    Config config = nodes(2, HeartDiseaseSites.ROOT);
    ClusterNode coordinator = coordinator(config);
    List<ClusterNode.HostedSite> two =
        List.of(
            new ClusterNode.HostedSite(0, BLOBS.get(0)),
            new ClusterNode.HostedSite(1, BLOBS.get(1)));
    ClusterNode listed =
        ClusterNode.start(
            config,
            Set.of(ClusterNode.LEARNER),
            0,
            List.of(coordinator.address()),
            two,
            TEST,
            Fingerprint.of(config, SEED, BLOBS.subList(0, 2), TEST));
    nodes.add(listed);
    ClusterNode free = assignable(config, coordinator);
    DistillationFailedException e =
        assertThrows(
            DistillationFailedException.class,
            () ->
                ClusterRuntime.run(
                    coordinator, names(), SEED, 1, PrivacyOptions.fromConfig(config), p -> {}));
    assertTrue(
        e.getMessage()
            .startsWith(
                "learner nodes "
                    + listed.address()
                    + " host sites listed with --sites, and "
                    + free.address()
                    + " were started without --sites"),
        e.getMessage());
  }
}
