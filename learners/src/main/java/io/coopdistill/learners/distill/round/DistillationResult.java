package io.coopdistill.learners.distill.round;

import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.privacy.audit.PrivacyAudit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a round produced, as numbers that can be traced to its configuration and seed.
 * Per-pair counts are indexed [teacher][student], summed over sites and held for the pairs that
 * occur ({@link PairCounts}); {@code counts().of(Count.KEPT)} and the like read one count of them.
 *
 * @param learners learner names, in index order
 * @param seed the run's seed
 * @param baselineAccuracy each learner's test accuracy before distillation (NaN without a test set)
 * @param distilledAccuracy each learner's test accuracy after retraining
 * @param counts per pair: deficient |R(i→j)|, summed over the sites that find it (every site, or in
 *     a many-agent round only a candidate teacher's own), before the per-pair budget; searched,
 *     rows a counterfactual was searched for (after the budget); failed, searches that missed their
 *     target; unchanged, searches that returned their source row unchanged (or another private
 *     row), dropped; generated, usable virtual instances sent (searched − failed − unchanged);
 *     kept, virtual instances left after set cover
 * @param phaseSeconds wall time of each phase
 * @param baselineBalancedAccuracy each learner's balanced test accuracy (mean recall over classes)
 *     before distillation
 * @param distilledBalancedAccuracy the same after retraining (NaN where not measured, as in results
 *     of older versions)
 * @param privacy the privacy audit of the instances sent ({@link PrivacyAudit}), or null where none
 *     was made (a result written before the audit existed)
 * @param accepted whether each student kept its retrained model ({@code accept = if-better}: false
 *     where it refused the lesson and {@code distilledAccuracy} is its previous model's), or null
 *     where every retrained model was kept unjudged
 */
public record DistillationResult(
    List<String> learners,
    long seed,
    double[] baselineAccuracy,
    double[] distilledAccuracy,
    PairCounts counts,
    Map<RoundPhase, Double> phaseSeconds,
    double[] baselineBalancedAccuracy,
    double[] distilledBalancedAccuracy,
    PrivacyAudit privacy,
    boolean[] accepted) {

  public DistillationResult {
    learners = List.copyOf(learners);
    phaseSeconds = new EnumMap<>(phaseSeconds);
    if (counts.agents() != learners.size())
      throw new IllegalArgumentException(
          "pair counts among " + counts.agents() + " learners for " + learners.size());
  }

  /**
   * Rows not searched: deficient − searched, those the per-pair budget dropped and, in a many-agent
   * round, all of a candidate's that was not chosen to teach.
   */
  public PairCounts.Matrix budgetDropped() {
    return counts.difference(Count.DEFICIENT, Count.SEARCHED);
  }

  /**
   * Fraction of searches that reached their target: 1 − failed / searched (NaN when nothing was
   * searched).
   */
  public double successRatio() {
    long s = counts.of(Count.SEARCHED).total();
    return s == 0 ? Double.NaN : 1.0 - (double) counts.of(Count.FAILED).total() / s;
  }

  /**
   * Equal counts, accuracies and privacy figures: what two runs of the same seed must agree on
   * (timings aside).
   */
  public boolean sameOutcome(DistillationResult other) {
    return learners.equals(other.learners)
        && seed == other.seed
        && Arrays.equals(baselineAccuracy, other.baselineAccuracy)
        && Arrays.equals(distilledAccuracy, other.distilledAccuracy)
        && Arrays.equals(baselineBalancedAccuracy, other.baselineBalancedAccuracy)
        && Arrays.equals(distilledBalancedAccuracy, other.distilledBalancedAccuracy)
        && counts.equals(other.counts)
        && Objects.equals(privacy, other.privacy)
        && Arrays.equals(accepted, other.accepted);
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("DistillationResult(seed ")
            .append(seed)
            .append(", success ratio ")
            .append(String.format("%.3f", successRatio()))
            .append(")\n");
    for (int i = 0; i < learners.size(); i++) {
      s.append(
          String.format(
              "  %-20s %.4f -> %.4f%n",
              learners.get(i), baselineAccuracy[i], distilledAccuracy[i]));
    }
    s.append("  generated ")
        .append(counts.of(Count.GENERATED))
        .append("\n  kept      ")
        .append(counts.of(Count.KEPT));
    return s.toString();
  }
}
