package io.coopdistill.learners.privacy;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.RandomDraw;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.counterfactual.SearchGuard;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A site's private rows P_s as its privacy guard and audit see them: in the encoded feature space
 * the learners see, with L2 distance, and r_s, the 1st percentile of the distances from each row to
 * its nearest other row (exact duplicates aside): closer than r_s to a private row, a point is
 * closer to it than 99% of the site's own records are to each other, i.e. a near-copy.
 *
 * <p>As a {@link SearchGuard} it applies the configured guard: {@code none} changes nothing; {@code
 * floor} pushes each candidate out of every private row's r_s-ball (away from the nearest row,
 * re-projected, repeatedly), so that what the search returns lies at least r_s from every private
 * row or is not sent; {@code anchor-mean} also starts the search from, and measures its L1 term
 * against, the mean of k same-class private rows ({@link #anchorRows}). Neither is a formal
 * guarantee: anchor-mean is not k-anonymity (the coordinates the search leaves alone keep the exact
 * mean of k specific rows, and the same mean can reach several students), and the floor only keeps
 * instances r_s from every row. {@code dp-anchor} releases each class's mean once, with noise
 * calibrated to (ε, δ) ({@link NoisyClassMeans}), starts every search of a class from it and reads
 * no private row afterwards: no floor, and y' taken from the anchor ({@link #releasesAnchorOnly}).
 * Immutable and thread-safe.
 */
public final class SitePrivacy implements SearchGuard {
  /** The percentile of nearest-other-row distances that defines r_s. */
  public static final double RADIUS_PERCENTILE = 0.01;

  private final Dataset data;
  private final NearestRows rows;
  private final double radius;
  private final PrivacyOptions options;
  // dp-anchor's released class means (by class), null under the other guards.
  private final float[][] released;

  private SitePrivacy(
      Dataset data, NearestRows rows, double radius, PrivacyOptions options, float[][] released) {
    this.data = data;
    this.rows = rows;
    this.radius = radius;
    this.options = options;
    this.released = released;
  }

  /**
   * Measures r_s of the site's private rows {@code data}; under dp-anchor, releases the class means
   * with noise drawn from {@code noiseSeed}, which must not depend on the rows (the run's seed).
   */
  public static SitePrivacy of(Dataset data, PrivacyOptions options, long noiseSeed) {
    NearestRows rows = new NearestRows(data.features());
    double[] nearest = Arrays.stream(rows.distancesToOthers()).filter(Double::isFinite).toArray();
    float[][] released =
        options.guard() == PrivacyOptions.Guard.DP_ANCHOR
            ? NoisyClassMeans.release(data, options.dpAnchor(), noiseSeed)
            : null;
    return new SitePrivacy(data, rows, quantile(nearest, RADIUS_PERCENTILE), options, released);
  }

  /**
   * The seed of site {@code site}'s dp-anchor noise in a run of seed {@code runSeed}: the same in
   * one JVM and on actors, and independent of the rows.
   */
  public static long noiseSeed(long runSeed, int site) {
    return Seeds.derive(runSeed, Seeds.Phase.PRIVACY, site, 3);
  }

  /** {@link #of(Dataset, PrivacyOptions, long)} with noise seed 0 (tests and tools). */
  public static SitePrivacy of(Dataset data, PrivacyOptions options) {
    return of(data, options, 0);
  }

  /**
   * The nearest-rank q-quantile of {@code values} (sorted here): the ⌈q·n⌉-th smallest; 0 when
   * empty.
   */
  static double quantile(double[] values, double q) {
    if (values.length == 0) return 0;
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  public double radius() {
    return radius;
  }

  public Dataset data() {
    return data;
  }

  public NearestRows rows() {
    return rows;
  }

  public PrivacyOptions options() {
    return options;
  }

  @Override
  public float[] anchor(float[] row, int label) {
    if (released != null) return released[label].clone();
    if (!averages()) return row;
    int[] picked = averaged(row, label);
    if (picked.length == 0) return row;
    float[] mean = new float[row.length];
    for (int i : picked) {
      float[] r = rows.row(i);
      for (int c = 0; c < mean.length; c++) mean[c] += r[c] / picked.length;
    }
    return mean;
  }

  /**
   * The private rows whose mean the search for private row {@code source} starts from: the k rows
   * the anchor-mean guard averages (the same ones every time), or the source alone under the other
   * guards. The audit counts them all as members: an instance can disclose their mean.
   */
  public int[] anchorRows(int source) {
    if (!averages()) return new int[] {source};
    int[] picked = averaged(rows.row(source), data.label(source));
    return picked.length == 0 ? new int[] {source} : picked;
  }

  private boolean averages() {
    return options.guard() == PrivacyOptions.Guard.ANCHOR_MEAN && options.k() > 1;
  }

  /** The same-class private rows the anchor of a source row of class {@code label} averages. */
  private int[] averaged(float[] row, int label) {
    return switch (options.kRows()) {
      case NEAREST -> nearestRows(row, label, options.k());
      case LOCAL -> drawn(nearestRows(row, label, 2 * options.k()), row, label);
      case RANDOM ->
          drawn(
              IntStream.range(0, rows.size()).filter(i -> data.label(i) == label).toArray(),
              row,
              label);
    };
  }

  /**
   * The k nearest private rows of class {@code label} to {@code row} (fewer if the class has
   * fewer).
   */
  private int[] nearestRows(float[] row, int label, int k) {
    int[] best = new int[k];
    double[] bestDistance = new double[k];
    Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
    int found = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (data.label(i) != label) continue;
      double d = NearestRows.squared(row, rows.row(i), bestDistance[k - 1]);
      if (d >= bestDistance[k - 1]) continue;
      // Insert into the sorted top k (earlier rows win ties, so the result does not depend on
      // scheduling).
      int at = Math.min(found, k - 1);
      while (at > 0 && bestDistance[at - 1] > d) {
        bestDistance[at] = bestDistance[at - 1];
        best[at] = best[at - 1];
        at--;
      }
      bestDistance[at] = d;
      best[at] = i;
      found = Math.min(k, found + 1);
    }
    return Arrays.copyOf(best, found);
  }

  /**
   * k of the private rows {@code candidates} drawn without replacement, seeded by the source row
   * and its class so that the anchor does not depend on scheduling: the source is drawn no more
   * often than any other candidate, so the mean says where the candidates lie, not where the source
   * does.
   */
  private int[] drawn(int[] candidates, float[] row, int label) {
    return RandomDraw.of(
        candidates, Math.min(options.k(), candidates.length), 31L * Arrays.hashCode(row) + label);
  }

  /** Under dp-anchor: nothing after the release may read a private row, or the guarantee breaks. */
  @Override
  public boolean releasesAnchorOnly() {
    return released != null;
  }

  /** The floor; none under none, and none under dp-anchor (it would read the private rows). */
  @Override
  public boolean admit(float[] point, FeatureSchema schema) {
    if (options.guard() == PrivacyOptions.Guard.NONE || releasesAnchorOnly()) return true;
    double target = radius * (1 + options.floorMargin());
    for (int step = 0; step < options.floorSteps(); step++) {
      int i = rows.nearest(point);
      if (i < 0) return true;
      float[] p = rows.row(i);
      double d = Math.sqrt(NearestRows.squared(point, p, Double.POSITIVE_INFINITY));
      if (d >= radius) return true;
      float[] direction = new float[point.length];
      if (d > 0) {
        for (int c = 0; c < point.length; c++) direction[c] = (float) ((point[c] - p[c]) / d);
      } else {
        // On a private row: any direction leads out; a seeded one keeps the result reproducible.
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(point));
        double norm = 0;
        for (int c = 0; c < point.length; c++) {
          direction[c] = (float) random.nextGaussian();
          norm += direction[c] * direction[c];
        }
        for (int c = 0; c < point.length; c++) direction[c] /= (float) Math.sqrt(norm);
      }
      for (int c = 0; c < point.length; c++) point[c] = (float) (p[c] + target * direction[c]);
      schema.project(point);
    }
    return rows.distance(point) >= radius;
  }
}
