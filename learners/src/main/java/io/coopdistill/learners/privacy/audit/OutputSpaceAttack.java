package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.NearestRows;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The output-space attack: the students hold each instance x' and its teacher's snapshot f_T, and
 * undo the search's move toward its target. A successful search ends where f_T(x') ≈ y' = f_T(x) +
 * α(onehot(y) − f_T(x)), so f_T(x) ≈ (f_T(x') − α·onehot(y)) / (1 − α), cut to [0, 1]: what the
 * teacher said of the source row (with α = 1 the target is the one-hot alone and there is nothing
 * to undo: the attack takes f_T(x')). A record is scored by minus its distance to the nearest
 * instance in the joint space (x, w·f_T(x)): its features against the instance's, its f_T output
 * against the recovered one, with the teacher that sent the instance. Among the records near an
 * instance, the one its teacher saw as the source wins. The weight w puts one unit of output (a
 * probability) at the median distance from a distinct sent instance to its nearest other one: a
 * scale the students measure on what they received (on at most {@link #SCALE_SAMPLE} instances, so
 * that it costs no more than scoring them). Not thread-safe: one audit's.
 */
final class OutputSpaceAttack implements SentAttack {
  /** Instances whose nearest-instance distance sets w. */
  static final int SCALE_SAMPLE = 256;

  private final double alpha;

  /**
   * Each teacher's outputs on each array of records scored: the audit scores the same records
   * against the instances and against each control.
   */
  private final Map<float[][], Map<Model, float[][]>> outputs = new IdentityHashMap<>();

  OutputSpaceAttack(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("α " + alpha);
    this.alpha = alpha;
  }

  @Override
  public String key() {
    return "output_space";
  }

  @Override
  public Scorer against(List<Lesson> sent, List<Model> teachers) {
    Map<Integer, List<Lesson>> byTeacher = new TreeMap<>();
    for (Lesson lesson : sent)
      byTeacher.computeIfAbsent(lesson.teacher(), t -> new ArrayList<>()).add(lesson);
    double w =
        scale(
            SentAttack.distinct(sent).keySet().stream()
                .map(FloatBuffer::array)
                .toArray(float[][]::new));
    List<Model> models = new ArrayList<>();
    List<NearestRows> joint = new ArrayList<>();
    byTeacher.forEach(
        (teacher, lessons) -> {
          Map<FloatBuffer, Integer> distinct = SentAttack.distinct(lessons);
          if (distinct.isEmpty()) return;
          float[][] instances =
              distinct.keySet().stream().map(FloatBuffer::array).toArray(float[][]::new);
          int[] labels = distinct.values().stream().mapToInt(Integer::intValue).toArray();
          Model f = teachers.get(teacher);
          float[][] p = f.predictProba(instances);
          for (int v = 0; v < p.length; v++) p[v] = undone(p[v], labels[v]);
          models.add(f);
          joint.add(new NearestRows(joined(instances, p, w)));
        });
    return records -> {
      double[] score = new double[records.length];
      Arrays.fill(score, Double.NEGATIVE_INFINITY);
      for (int t = 0; records.length > 0 && t < models.size(); t++) {
        float[][] r = joined(records, outputs(models.get(t), records), w);
        for (int n = 0; n < r.length; n++)
          score[n] = Math.max(score[n], 0.0 - joint.get(t).distance(r[n]));
      }
      return score;
    };
  }

  private float[][] outputs(Model teacher, float[][] records) {
    return outputs
        .computeIfAbsent(records, r -> new IdentityHashMap<>())
        .computeIfAbsent(teacher, f -> f.predictProba(records));
  }

  /** f_T(x) recovered from f_T(x') of an instance of class {@code label}. */
  float[] undone(float[] p, int label) {
    if (alpha >= 1) return p;
    float[] source = new float[p.length];
    for (int c = 0; c < p.length; c++) {
      double q = (p[c] - (c == label ? alpha : 0)) / (1 - alpha);
      source[c] = (float) Math.min(1, Math.max(0, q));
    }
    return source;
  }

  /**
   * The median distance from an instance to its nearest other distinct one, over at most {@link
   * #SCALE_SAMPLE} evenly spaced instances; 1 where none has a distinct neighbour.
   */
  static double scale(float[][] instances) {
    NearestRows rows = new NearestRows(instances);
    int step = Math.max(1, instances.length / SCALE_SAMPLE);
    double[] nearest =
        IntStream.iterate(0, i -> i < instances.length, i -> i + step)
            .mapToDouble(rows::distanceToOther)
            .filter(Double::isFinite)
            .sorted()
            .toArray();
    return nearest.length == 0 ? 1 : Math.max(Double.MIN_NORMAL, nearest[nearest.length / 2]);
  }

  /** Each row of {@code x} followed by w times its row of {@code p}. */
  private static float[][] joined(float[][] x, float[][] p, double w) {
    float[][] joint = new float[x.length][];
    for (int n = 0; n < x.length; n++) {
      joint[n] = Arrays.copyOf(x[n], x[n].length + p[n].length);
      for (int c = 0; c < p[n].length; c++) joint[n][x[n].length + c] = (float) (w * p[n][c]);
    }
    return joint;
  }
}
