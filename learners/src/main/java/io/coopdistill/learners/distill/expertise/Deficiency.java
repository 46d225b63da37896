package io.coopdistill.learners.distill.expertise;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.RandomDraw;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Step 2 of the method, deficiency identification at one site: R_k(i→j) = S_i − S_j, the rows of
 * site k that teacher i predicts correctly and student j does not. The row indices stay at the
 * site; only the {@link DeficiencyReport} (counts per class) travels.
 *
 * @param teacher index of the qualified teacher i
 * @param student index of the deficient student j
 * @param rows indices into the site's data set, ascending
 */
public record Deficiency(int teacher, int student, int[] rows) {

  /** R_k(i→j) for every ordered pair i ≠ j, given every learner's expertise on the site's rows. */
  public static List<Deficiency> identify(List<Expertise> expertiseByLearner) {
    return identify(expertiseByLearner, Focus.DEFICIENCIES);
  }

  /** As {@link #identify(List)}, or S_i alone for every student under the unfocused ablation. */
  public static List<Deficiency> identify(List<Expertise> expertiseByLearner, Focus focus) {
    List<Deficiency> deficiencies = new ArrayList<>();
    for (int i = 0; i < expertiseByLearner.size(); i++) {
      for (int j = 0; j < expertiseByLearner.size(); j++) {
        if (i != j)
          deficiencies.add(
              of(
                  i,
                  j,
                  expertiseByLearner.get(i).correct(),
                  expertiseByLearner.get(j).correct(),
                  focus));
      }
    }
    return deficiencies;
  }

  /**
   * R(i→j) of one pair from the rows each model predicts correctly ({@link Expertise#correct}), or
   * S_i alone under the unfocused ablation.
   */
  public static Deficiency of(
      int teacher, int student, BitSet teacherCorrect, BitSet studentCorrect, Focus focus) {
    BitSet r = (BitSet) teacherCorrect.clone();
    if (focus == Focus.DEFICIENCIES) r.andNot(studentCorrect);
    return new Deficiency(teacher, student, r.stream().toArray());
  }

  /**
   * At most {@code budget} of the rows, drawn without replacement with {@code seed} and kept in
   * ascending order; all of them when the budget is 0 (unlimited) or not smaller than |R|. Bounds
   * the k²·|X| growth of the number of counterfactuals.
   */
  public Deficiency limitedTo(int budget, long seed) {
    if (budget < 0)
      throw new IllegalArgumentException(
          "a per-pair budget must be ≥ 0 (0 = unlimited), got " + budget);
    if (budget == 0 || rows.length <= budget) return this;
    return new Deficiency(teacher, student, RandomDraw.sorted(rows, budget, seed));
  }

  /** The counts-only summary of this deficiency that may leave the site. */
  public DeficiencyReport report(String site, Dataset data) {
    int[] perClass = new int[data.numClasses()];
    for (int row : rows) perClass[data.label(row)]++;
    return new DeficiencyReport(site, teacher, student, perClass);
  }
}
