package io.coopdistill.learners.distill.curriculum;

import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationOptions;

/**
 * How a student turns the lessons it received into its curriculum (step 4): the paper's set cover,
 * or every virtual instance kept (the ablation "without set cover"). A round can ask its students
 * to study the same lessons under several variants; each gives its own retrained models and result.
 */
public enum CurriculumVariant {
  WITH_SET_COVER,
  WITHOUT_SET_COVER;

  /** The variant {@code options} ask for ({@code coopdistill.distillation.set-cover}). */
  public static CurriculumVariant of(DistillationOptions options) {
    return options.setCover() ? WITH_SET_COVER : WITHOUT_SET_COVER;
  }

  /** The set cover options this variant studies with under {@code method}, or null to keep every instance. */
  public SetCover.Options setCover(DistillationMethod method) {
    return this == WITH_SET_COVER ? method.setCover() : null;
  }
}
