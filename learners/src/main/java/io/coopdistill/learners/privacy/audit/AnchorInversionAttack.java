package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.NearestRows;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anchor-inversion attack: the students pool every instance they received (they collude) and
 * estimate the anchors the searches started from. Under the anchor-mean guard every search from a
 * source starts at the mean of the same k rows, and an L1 search leaves most coordinates alone, so
 * instances that share an anchor (one source taught by several teachers, or several sources with
 * the same k rows) agree exactly on the coordinates none of their searches moved. The attack links
 * two instances of the same class that agree exactly on at least half of the non-integer
 * coordinates of either (a non-integer value is a mean or a continuous feature; integers, such as
 * one-hot columns, agree by chance), groups the linked ones, and estimates each group's anchor
 * coordinate by coordinate: the value most of its instances hold, if two or more do (the anchor's,
 * kept by every search that left it alone), else their median. An instance linked to none is its
 * own estimate (the attack is then the distance attack). A record is scored by minus its distance
 * to the nearest estimated anchor: the anchor's k rows lie around it.
 *
 * <p>Cost: a value shared by more than {@link #COMMON} instances in a column says nothing about a
 * shared anchor (a common category, a pixel's blank) and is skipped, so pairing costs at most
 * COMMON comparisons per coordinate of an instance, and no pair of sites is ever compared.
 */
final class AnchorInversionAttack implements SentAttack {
  /** Instances sharing a column's value beyond which the value does not link them. */
  static final int COMMON = 32;

  @Override
  public String key() {
    return "anchor_inversion";
  }

  @Override
  public Scorer against(List<Lesson> sent, List<Model> teachers) {
    NearestRows anchors = new NearestRows(anchors(sent));
    return records -> {
      double[] score = new double[records.length];
      for (int n = 0; n < records.length; n++) score[n] = 0.0 - anchors.distance(records[n]);
      return score;
    };
  }

  /** The estimated anchors of the distinct instances of {@code sent}. */
  static float[][] anchors(List<Lesson> sent) {
    Map<FloatBuffer, Integer> distinct = SentAttack.distinct(sent);
    float[][] x = distinct.keySet().stream().map(FloatBuffer::array).toArray(float[][]::new);
    int[] label = distinct.values().stream().mapToInt(Integer::intValue).toArray();
    int n = x.length;
    int[] nonInteger = new int[n];
    Map<Long, List<Integer>> byValue = new HashMap<>();
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < x[i].length; c++) {
        if (x[i][c] == Math.rint(x[i][c])) continue;
        nonInteger[i]++;
        long key = ((long) c << 32) | (Float.floatToIntBits(x[i][c]) & 0xffffffffL);
        byValue.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    Map<Long, Integer> shared = new HashMap<>();
    for (List<Integer> holders : byValue.values()) {
      if (holders.size() < 2 || holders.size() > COMMON) continue;
      for (int a = 0; a < holders.size(); a++)
        for (int b = a + 1; b < holders.size(); b++)
          if (label[holders.get(a)] == label[holders.get(b)])
            shared.merge((long) holders.get(a) * n + holders.get(b), 1, Integer::sum);
    }
    int[] group = new int[n];
    for (int i = 0; i < n; i++) group[i] = i;
    shared.forEach(
        (pair, count) -> {
          int i = (int) (pair / n);
          int j = (int) (pair % n);
          if (2 * count >= Math.min(nonInteger[i], nonInteger[j]))
            group[root(group, i)] = root(group, j);
        });
    Map<Integer, List<float[]>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++)
      groups.computeIfAbsent(root(group, i), g -> new ArrayList<>()).add(x[i]);
    return groups.values().stream().map(AnchorInversionAttack::anchor).toArray(float[][]::new);
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }

  /**
   * A group's anchor, coordinate by coordinate: the value most of its instances hold, if two or
   * more hold it, else their median.
   */
  static float[] anchor(List<float[]> instances) {
    int width = instances.get(0).length;
    float[] anchor = new float[width];
    float[] column = new float[instances.size()];
    for (int c = 0; c < width; c++) {
      for (int v = 0; v < column.length; v++) column[v] = instances.get(v)[c];
      Arrays.sort(column);
      anchor[c] = mode(column);
    }
    return anchor;
  }

  /**
   * The value {@code sorted} holds most often (the lowest on ties) if it repeats, else its median
   * (the mean of the middle two).
   */
  private static float mode(float[] sorted) {
    int n = sorted.length;
    float best = sorted[0];
    int bestRun = 1;
    for (int i = 1, run = 1; i < n; i++) {
      run = sorted[i] == sorted[i - 1] ? run + 1 : 1;
      if (run > bestRun) {
        bestRun = run;
        best = sorted[i];
      }
    }
    if (bestRun > 1) return best;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
