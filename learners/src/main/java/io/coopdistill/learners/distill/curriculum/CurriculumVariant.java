package io.coopdistill.learners.distill.curriculum;

import io.coopdistill.learners.data.Dataset;
import java.util.List;

/**
 * How a student turns the lessons it received into its curriculum (step 4): the paper's set cover,
 * or every virtual instance kept (the ablation "without set cover"). A round can ask its students
 * to study the same lessons under several variants; each gives its own retrained models and result.
 */
public enum CurriculumVariant {
  WITH_SET_COVER,
  WITHOUT_SET_COVER;

  /**
   * The curriculum of a student under this variant, studying at most {@code budget} of what it
   * received; {@code setCover} is the method's, used only with set cover.
   */
  public StudentCurriculum curriculum(
      Dataset own,
      List<Lesson> received,
      int teachers,
      StudentCurriculum.Budget budget,
      SetCover.Options setCover) {
    return this == WITH_SET_COVER
        ? StudentCurriculum.of(own, received, teachers, budget, setCover)
        : StudentCurriculum.of(own, received, teachers, budget);
  }
}
