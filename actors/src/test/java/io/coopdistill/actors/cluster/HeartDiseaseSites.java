package io.coopdistill.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.HeartDisease;
import io.coopdistill.learners.data.SiteData;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.List;

/**
 * The paper's experiment 3 (three CART sites, Cleveland as the test set), as the cluster tests host
 * it.
 */
final class HeartDiseaseSites {
  private HeartDiseaseSites() {}

  /** Fast failure detection and downing, so that a lost node is noticed within seconds. */
  static final Config QUICK_DOWNING =
      ConfigFactory.parseString(
          """
      coopdistill.cluster.registration-timeout = 30 s
      coopdistill.cluster.akka.cluster.split-brain-resolver.stable-after = 2 s
      coopdistill.cluster.akka.cluster.failure-detector.acceptable-heartbeat-pause = 3 s
      """);

  static final Config ROOT = QUICK_DOWNING.withFallback(ConfigFactory.load()).resolve();
  static final SiteData DATA = HeartDisease.load(ROOT);
  static final Learner TREE =
      Learners.create(ConfigFactory.parseString("type = cart, max-depth = 4"), ROOT);

  static List<String> names() {
    return DATA.training().stream().map(Dataset::name).toList();
  }

  /**
   * Site {@code index} with 80 % of its rows (as in the single-JVM actor tests), hosted under its
   * index.
   */
  static ClusterNode.HostedSite hosted(int index, long seed) {
    Dataset site = DATA.training().get(index);
    return new ClusterNode.HostedSite(
        index, new Site(site.name(), TREE, site.stratifiedSplit(0.2, seed).first()));
  }

  /**
   * The fingerprint of a node with configuration {@code root} that hosts {@code sites} of trial
   * {@code seed} (a coordinator: all).
   */
  static Fingerprint fingerprint(Config root, long seed, List<ClusterNode.HostedSite> sites) {
    return Fingerprint.of(
        root, seed, sites.stream().map(ClusterNode.HostedSite::site).toList(), DATA.test());
  }

  /** The sites of trial {@code seed} with the given indices. */
  static List<ClusterNode.HostedSite> sites(long seed, int... indices) {
    return java.util.Arrays.stream(indices).mapToObj(i -> hosted(i, seed)).toList();
  }

  static DistillationResult reference(long seed) {
    return reference(seed, PrivacyOptions.fromConfig(ROOT));
  }

  /** The reference round of trial {@code seed}, searched and audited under {@code privacy}. */
  static DistillationResult reference(long seed, PrivacyOptions privacy) {
    DistillationMethod method = DistillationMethod.fromConfig(ROOT).with(privacy);
    List<Site> participants =
        java.util.stream.IntStream.range(0, DATA.training().size())
            .mapToObj(i -> hosted(i, seed).site())
            .map(s -> new Site(s.name(), s.learner(), s.data()))
            .toList();
    return new CooperativeDistillation(method)
        .run(participants, DATA.test(), seed, RoundPhase.Listener.NONE)
        .result();
  }
}
