package io.coopdistill.learners.distill.round;

import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.privacy.audit.PrivacyAudit;
import io.coopdistill.learners.privacy.audit.SiteAudit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects a round's numbers as its steps report them, in whatever order they arrive, and turns
 * them into a {@link DistillationResult}. Shared by the synchronous orchestrator and the actor
 * runtime's supervisor so that both count the same way. Not thread-safe: one collector per round,
 * fed from one thread (or one actor).
 */
public final class RoundAccounting {
  private final List<String> learners;
  private final long seed;
  private final PairCounts.Builder counts;
  private final double[] baselineAccuracy;
  private final double[] distilledAccuracy;
  private final double[] baselineBalancedAccuracy;
  private final double[] distilledBalancedAccuracy;
  private final Map<RoundPhase, Double> phaseSeconds = new EnumMap<>(RoundPhase.class);
  private final Map<Integer, SiteAudit> audits = new TreeMap<>();

  /**
   * Each student's decision on its retrained model; null until one is judged (accept = always
   * judges none).
   */
  private boolean[] accepted;

  public RoundAccounting(List<String> learners, long seed) {
    this.learners = List.copyOf(learners);
    this.seed = seed;
    int k = learners.size();
    counts = new PairCounts.Builder(k);
    baselineAccuracy = new double[k];
    distilledAccuracy = new double[k];
    Arrays.fill(baselineAccuracy, Double.NaN);
    Arrays.fill(distilledAccuracy, Double.NaN);
    baselineBalancedAccuracy = new double[k];
    distilledBalancedAccuracy = new double[k];
    Arrays.fill(baselineBalancedAccuracy, Double.NaN);
    Arrays.fill(distilledBalancedAccuracy, Double.NaN);
  }

  public void deficiency(DeficiencyReport report) {
    counts.add(Count.DEFICIENT, report.teacher(), report.student(), report.total());
  }

  /** A lesson's counts (the lesson itself goes to its student). */
  public void lesson(Lesson lesson) {
    lesson(lesson.report());
  }

  /** A lesson's counts, reported apart from the lesson (the actor runtime's teachers do this). */
  public void lesson(LessonReport report) {
    int i = report.teacher();
    int j = report.student();
    counts
        .add(Count.SEARCHED, i, j, report.searched())
        .add(Count.FAILED, i, j, report.failed())
        .add(Count.UNCHANGED, i, j, report.unchanged())
        .add(Count.GENERATED, i, j, report.sent());
  }

  /** What student j kept from each teacher after set cover. */
  public void curriculum(int student, int[] keptByTeacher) {
    for (int i = 0; i < keptByTeacher.length; i++)
      counts.set(Count.KEPT, i, student, keptByTeacher[i]);
  }

  public void accuracy(int learner, double baseline, double distilled) {
    baselineAccuracy[learner] = baseline;
    distilledAccuracy[learner] = distilled;
  }

  public void balancedAccuracy(int learner, double baseline, double distilled) {
    baselineBalancedAccuracy[learner] = baseline;
    distilledBalancedAccuracy[learner] = distilled;
  }

  /** Whether student {@code learner} kept its retrained model ({@link Acceptance#IF_BETTER}). */
  public void accepted(int learner, boolean kept) {
    if (accepted == null) {
      accepted = new boolean[learners.size()];
      Arrays.fill(accepted, true);
    }
    accepted[learner] = kept;
  }

  /** A site's privacy audit of what it sent (a repeated one replaces the first). */
  public void audit(SiteAudit audit) {
    audits.put(audit.site(), audit);
  }

  public void phase(RoundPhase phase, double seconds) {
    phaseSeconds.merge(phase, seconds, Double::sum);
  }

  /**
   * A new accounting for the same lessons studied under another curriculum: what this one counted
   * up to and including the counterfactuals (deficiencies, lessons, audits and those phases'
   * times); the curriculum, retraining and accuracies are the variant's own.
   */
  public RoundAccounting studiedAgain() {
    RoundAccounting variant = new RoundAccounting(learners, seed);
    variant.counts.copy(
        counts.build(),
        Count.DEFICIENT,
        Count.SEARCHED,
        Count.FAILED,
        Count.UNCHANGED,
        Count.GENERATED);
    variant.audits.putAll(audits);
    for (RoundPhase p :
        List.of(
            RoundPhase.BASELINE_TRAINING,
            RoundPhase.DEFICIENCY_IDENTIFICATION,
            RoundPhase.COUNTERFACTUALS)) {
      Double seconds = phaseSeconds.get(p);
      if (seconds != null) variant.phase(p, seconds);
    }
    return variant;
  }

  public DistillationResult result() {
    return new DistillationResult(
        learners,
        seed,
        baselineAccuracy.clone(),
        distilledAccuracy.clone(),
        counts.build(),
        phaseSeconds,
        baselineBalancedAccuracy.clone(),
        distilledBalancedAccuracy.clone(),
        audits.isEmpty() ? null : PrivacyAudit.of(List.copyOf(audits.values()), seed),
        accepted == null ? null : accepted.clone());
  }
}
