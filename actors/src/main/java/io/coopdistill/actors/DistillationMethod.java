package io.coopdistill.actors;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.DistillationOptions;
import io.coopdistill.learners.distill.SetCover;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions;

/**
 * The method's settings every site applies alike: how deficiencies are chosen, how counterfactuals
 * are searched and how students deduplicate. Given to each learner actor when it is created.
 */
public record DistillationMethod(DistillationOptions options, CounterfactualGenerator generator, SetCover.Options setCover) {

  public DistillationMethod {
    if (options.transfer() != DistillationOptions.Transfer.COUNTERFACTUALS) {
      // By construction no actor message carries a training row; the raw-sharing reference runs
      // only in the synchronous CooperativeDistillation.
      throw new IllegalArgumentException("the actor runtime never ships private rows: "
          + DistillationOptions.PATH + ".transfer must be counterfactuals, got " + options.transfer());
    }
  }

  public static DistillationMethod fromConfig(Config root) {
    return new DistillationMethod(DistillationOptions.fromConfig(root),
        new CounterfactualGenerator(CounterfactualOptions.fromConfig(root)), SetCover.Options.fromConfig(root));
  }

  /** Set cover's options, or null when the method keeps every virtual instance. */
  SetCover.Options setCoverOrNull() { return options.setCover() ? setCover : null; }
}
