package io.coopdistill.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.ActorRuntime.DistillationFailedException;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nodes agree before work: a learner node whose configuration or data differ from the coordinator's
 * is refused at once (long before the registration timeout), with the differing keys named, and no
 * learner does any work.
 */
class NodeAgreementTest {
  static final long SEED = 3;

  /** Long, so that a refusal that waited for it would fail the test's timeout. */
  static final Config COORDINATOR =
      ConfigFactory.parseString("coopdistill.cluster.registration-timeout = 120 s")
          .withFallback(HeartDiseaseSites.ROOT);

  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ClusterNode::close);
  }

  /**
   * A learner node with {@code config} hosting {@code sites}, its fingerprint claiming trial {@link
   * #SEED}, and a coordinator; the run's error.
   */
  private String refusal(Config config, List<ClusterNode.HostedSite> sites) {
    ClusterNode learner =
        ClusterNode.start(
            config,
            Set.of(ClusterNode.LEARNER),
            0,
            List.of(),
            sites,
            HeartDiseaseSites.DATA.test(),
            HeartDiseaseSites.fingerprint(config, SEED, sites));
    nodes.add(learner);
    ClusterNode coordinator =
        ClusterNode.start(
            COORDINATOR,
            Set.of(ClusterNode.COORDINATOR),
            0,
            List.of(learner.address()),
            List.of(),
            null,
            HeartDiseaseSites.fingerprint(
                COORDINATOR, SEED, HeartDiseaseSites.sites(SEED, 0, 1, 2)));
    nodes.add(coordinator);
    List<Object> events = new ArrayList<>();
    DistillationFailedException e =
        assertThrows(
            DistillationFailedException.class,
            () ->
                ClusterRuntime.run(
                    coordinator,
                    HeartDiseaseSites.names(),
                    SEED,
                    1,
                    PrivacyOptions.fromConfig(HeartDiseaseSites.ROOT),
                    events::add));
    assertEquals(List.of(), events, "no work before agreement");
    assertTrue(
        e.getMessage()
            .startsWith(
                "learner node "
                    + learner.address()
                    + " (hosting "
                    + String.join(", ", HeartDiseaseSites.names())
                    + ") refused: its scenario, configuration or data differ from this coordinator's"),
        e.getMessage());
    return e.getMessage();
  }

  @Test
  @Timeout(60)
  void aNodeWithAnotherConfigurationIsRefusedNamingTheKey() {
    Config alpha =
        ConfigFactory.parseString("coopdistill.counterfactual.alpha = 0.9")
            .withFallback(HeartDiseaseSites.ROOT);
    String error = refusal(alpha, HeartDiseaseSites.sites(SEED, 0, 1, 2));
    assertTrue(
        error.contains(
            ": coopdistill.counterfactual.alpha = 0.5 at the coordinator, 0.9 at the node. Start every node"),
        error);
  }

  @Test
  @Timeout(60)
  void aNodeWithOtherDataIsRefusedNamingTheSite() {
    // Site 2 split with another seed: other rows under the same name and trial.
    List<ClusterNode.HostedSite> sites =
        List.of(
            HeartDiseaseSites.hosted(0, SEED),
            HeartDiseaseSites.hosted(1, SEED),
            HeartDiseaseSites.hosted(2, SEED + 1));
    String error = refusal(HeartDiseaseSites.ROOT, sites);
    assertTrue(
        error.contains(": data of site " + HeartDiseaseSites.names().get(2) + ": SHA-256 "), error);
    assertTrue(
        !error.contains("coopdistill.")
            && !error.contains("site " + HeartDiseaseSites.names().get(0)),
        "only site 2 differs: " + error);
  }
}
