package io.coopdistill.learners.distill.counterfactual;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.data.FeatureSchema.OneHotGroup;
import io.coopdistill.learners.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Shared fixtures: schemas, source rows a model predicts correctly, the configured options. */
final class TestData {
  private TestData() {}

  static CounterfactualOptions options() {
    return CounterfactualOptions.fromConfig(ConfigFactory.load());
  }

  /**
   * {@code numeric} numeric columns in [0, 1] followed by one nominal feature of {@code categories}
   * one-hot columns.
   */
  static FeatureSchema mixedSchema(int numeric, int categories) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < numeric + categories; c++) names.add("f" + c);
    float[] lo = new float[numeric + categories];
    float[] hi = new float[numeric + categories];
    Arrays.fill(hi, 1f);
    int[] columns = new int[categories];
    List<String> cats = new ArrayList<>();
    for (int k = 0; k < categories; k++) {
      columns[k] = numeric + k;
      cats.add("c" + k);
    }
    return new FeatureSchema(
        names, lo, hi, List.of(new OneHotGroup("nominal", cats, columns)), null);
  }

  /** Valid random rows of {@code schema} (numeric uniform, one random category per group). */
  static float[][] randomRows(FeatureSchema schema, int count, SplittableRandom random) {
    float[][] rows = new float[count][schema.width()];
    for (float[] row : rows) {
      for (int c = 0; c < row.length; c++) row[c] = (float) random.nextDouble();
      for (OneHotGroup group : schema.oneHotGroups()) {
        int pick = random.nextInt(group.columns().length);
        for (int k = 0; k < group.columns().length; k++)
          row[group.columns()[k]] = k == pick ? 1f : 0f;
      }
    }
    return rows;
  }

  /**
   * Rows where the model's own prediction is not already confident, labelled with it (the teacher
   * is right on them).
   */
  static Rows teachableRows(
      Model model, FeatureSchema schema, int count, double maxConfidence, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    while (rows.size() < count) {
      float[][] batch = randomRows(schema, 256, random);
      float[][] p = model.predictProba(batch);
      int[] predicted = model.predict(batch);
      for (int n = 0; n < batch.length && rows.size() < count; n++) {
        if (p[n][predicted[n]] <= maxConfidence) {
          rows.add(batch[n]);
          labels.add(predicted[n]);
        }
      }
    }
    return new Rows(
        rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
  }

  record Rows(float[][] x, int[] y) {}

  static void assertValid(FeatureSchema schema, float[] x) {
    for (int c = 0; c < x.length; c++) {
      if (x[c] < schema.lower(c) || x[c] > schema.upper(c))
        throw new AssertionError("column " + c + " = " + x[c] + " out of bounds");
    }
    for (OneHotGroup group : schema.oneHotGroups()) {
      int ones = 0;
      for (int c : group.columns()) {
        if (x[c] != 0f && x[c] != 1f)
          throw new AssertionError("one-hot column " + c + " = " + x[c]);
        if (x[c] == 1f) ones++;
      }
      if (ones != 1) throw new AssertionError("one-hot group has " + ones + " ones");
    }
  }
}
