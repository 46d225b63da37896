package io.coopdistill.learners.distill.round;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.SetCover;
import io.coopdistill.learners.privacy.PrivacyOptions;

/**
 * The method's settings every site applies alike: how deficiencies are chosen, how counterfactuals
 * are searched and how students deduplicate. The reference orchestrator and every learner actor are
 * built from one of these.
 *
 * @param privacy the guard each site's search respects and the settings of its privacy audit
 */
public record DistillationMethod(
    DistillationOptions options,
    CounterfactualGenerator generator,
    SetCover.Options setCover,
    PrivacyOptions privacy) {

  /**
   * From {@code coopdistill.distillation}, {@code coopdistill.counterfactual}, {@code
   * coopdistill.set-cover} and {@code coopdistill.privacy}.
   */
  public static DistillationMethod fromConfig(Config root) {
    return new DistillationMethod(
        DistillationOptions.fromConfig(root),
        new CounterfactualGenerator(CounterfactualOptions.fromConfig(root)),
        SetCover.Options.fromConfig(root),
        PrivacyOptions.fromConfig(root));
  }

  /** The same method with other distillation options (a variant or ablation). */
  public DistillationMethod with(DistillationOptions newOptions) {
    return new DistillationMethod(newOptions, generator, setCover, privacy);
  }

  /**
   * The same method with other privacy options (the paper's unguarded search beside the default
   * guard).
   */
  public DistillationMethod with(PrivacyOptions newPrivacy) {
    return new DistillationMethod(options, generator, setCover, newPrivacy);
  }

  /** The curriculum its options ask students to study. */
  public CurriculumVariant curriculum() {
    return options.curriculum();
  }
}
