package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The likelihood-ratio attacker's calibration (LiRA, Carlini et al. 2022): shadow models of the
 * site's learner, each trained on a random half of the candidate records (each candidate in exactly
 * half of them, so that each has as many IN as OUT shadows), and per candidate the mean of the
 * logit-scaled confidence in its class of the shadows that trained on it (IN) and of those that did
 * not (OUT). The spread is one per side and site (LiRA's fixed variance, sound with few shadows):
 * the deviations of every candidate's confidences from its own mean, pooled.
 */
final class ShadowModels {
  /** Probabilities are held in [ε, 1 − ε] before the logit, so that a sure model stays finite. */
  static final double EPSILON = 1e-6;

  /** The least spread, so that shadows that agree exactly do not divide by 0. */
  static final double LEAST_SPREAD = 1e-3;

  private final double[] meanIn;
  private final double[] meanOut;
  private final double spreadIn;
  private final double spreadOut;

  private ShadowModels(double[] meanIn, double[] meanOut, double spreadIn, double spreadOut) {
    this.meanIn = meanIn;
    this.meanOut = meanOut;
    this.spreadIn = spreadIn;
    this.spreadOut = spreadOut;
  }

  /**
   * Trains {@code count} (even, at least 2) shadow models of {@code learner} on halves of {@code
   * candidates}, drawn and trained with seeds derived from {@code seed}.
   *
   * @return null when the learner cannot train on one of the halves (a site so small that a half
   *     has fewer rows than the learner needs, or a single class)
   */
  static ShadowModels train(Learner learner, Dataset candidates, int count, long seed) {
    int n = candidates.size();
    boolean[][] in = halves(n, count, new SplittableRandom(seed));
    List<Dataset> halves = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      final boolean[] trainedOn = in[s];
      int[] rows = IntStream.range(0, n).filter(r -> trainedOn[r]).toArray();
      halves.add(candidates.subset(candidates.name() + "/shadow-" + s, rows));
    }
    if (!halves.stream().allMatch(half -> trainable(learner, half))) return null;
    double[][] confidence = new double[count][];
    for (int s = 0; s < count; s++) {
      Model shadow = learner.train(halves.get(s), Seeds.derive(seed, Seeds.Phase.PRIVACY, s));
      confidence[s] = logitConfidences(shadow, candidates);
    }
    double[] meanIn = new double[n];
    double[] meanOut = new double[n];
    for (int r = 0; r < n; r++) {
      for (int s = 0; s < count; s++) {
        if (in[s][r]) meanIn[r] += confidence[s][r];
        else meanOut[r] += confidence[s][r];
      }
      meanIn[r] /= count / 2;
      meanOut[r] /= count / 2;
    }
    double squaresIn = 0;
    double squaresOut = 0;
    for (int s = 0; s < count; s++) {
      for (int r = 0; r < n; r++) {
        double d = confidence[s][r] - (in[s][r] ? meanIn[r] : meanOut[r]);
        if (in[s][r]) squaresIn += d * d;
        else squaresOut += d * d;
      }
    }
    // Each candidate's mean takes one degree of freedom of its count/2 confidences on each side.
    double freedom = Math.max(1, (double) n * (count / 2 - 1));
    return new ShadowModels(
        meanIn,
        meanOut,
        Math.max(LEAST_SPREAD, Math.sqrt(squaresIn / freedom)),
        Math.max(LEAST_SPREAD, Math.sqrt(squaresOut / freedom)));
  }

  /** Whether {@code learner} can train on {@code data}: enough rows, of at least two classes. */
  static boolean trainable(Learner learner, Dataset data) {
    return data.size() >= learner.minimumRows()
        && Arrays.stream(data.classCounts()).filter(c -> c > 0).count() >= 2;
  }

  /**
   * For {@code count} shadows over {@code n} candidates, which shadow trains on which candidate:
   * each candidate in a random half of the shadows.
   */
  static boolean[][] halves(int n, int count, SplittableRandom random) {
    boolean[][] in = new boolean[count][n];
    int[] shadows = IntStream.range(0, count).toArray();
    for (int r = 0; r < n; r++) {
      for (int d = 0; d < count / 2; d++) {
        int pick = d + random.nextInt(count - d);
        int t = shadows[d];
        shadows[d] = shadows[pick];
        shadows[pick] = t;
        in[shadows[d]][r] = true;
      }
    }
    return in;
  }

  /**
   * The online score of each candidate whose target confidence (logit-scaled) is {@code observed}:
   * the log-likelihood ratio of it under the IN and the OUT Gaussian, for a target trained as the
   * shadows are.
   */
  double[] online(double[] observed) {
    double[] score = new double[observed.length];
    for (int r = 0; r < score.length; r++)
      score[r] =
          logDensity(observed[r], meanIn[r], spreadIn)
              - logDensity(observed[r], meanOut[r], spreadOut);
    return score;
  }

  /**
   * The offline score of each candidate: how many OUT standard deviations {@code observed} lies
   * above the OUT mean (the one-sided test's order), for a target the shadows only calibrate the
   * candidates' difficulty for.
   */
  double[] offline(double[] observed) {
    double[] score = new double[observed.length];
    for (int r = 0; r < score.length; r++) score[r] = (observed[r] - meanOut[r]) / spreadOut;
    return score;
  }

  private static double logDensity(double x, double mean, double spread) {
    double z = (x - mean) / spread;
    return -0.5 * z * z - Math.log(spread);
  }

  /** The logit of the confidence {@code model} gives each row's class, held in [ε, 1 − ε]. */
  static double[] logitConfidences(Model model, Dataset rows) {
    if (rows.size() == 0) return new double[0];
    float[][] p = model.predictProba(rows.features());
    double[] logit = new double[p.length];
    for (int n = 0; n < p.length; n++) {
      double q = Math.min(1 - EPSILON, Math.max(EPSILON, p[n][rows.label(n)]));
      logit[n] = Math.log(q) - Math.log1p(-q);
    }
    return logit;
  }
}
