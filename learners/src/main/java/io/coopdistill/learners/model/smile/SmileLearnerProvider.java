package io.coopdistill.learners.model.smile;

import com.typesafe.config.Config;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.LearnerProvider;
import java.util.Set;

/** Makes the Smile learners from configuration; registered for {@link java.util.ServiceLoader}. */
public final class SmileLearnerProvider implements LearnerProvider {

  @Override
  public Set<String> types() {
    return Set.of(
        CartLearner.NAME,
        RandomForestLearner.NAME,
        NaiveBayesLearner.NAME,
        LogisticRegressionLearner.NAME,
        SvmLearner.NAME);
  }

  /**
   * The learner {@code options} describe, with its hyper-parameters chosen on validation data when
   * they give a grid.
   */
  @Override
  public Learner create(String type, Config options) {
    return GridSearch.of(type, options, setting -> single(type, setting));
  }

  private SmileLearner single(String type, Config options) {
    return switch (type) {
      case CartLearner.NAME -> new CartLearner(CartLearner.Options.from(options));
      case RandomForestLearner.NAME ->
          new RandomForestLearner(RandomForestLearner.Options.from(options));
      case NaiveBayesLearner.NAME -> new NaiveBayesLearner(NaiveBayesLearner.Options.from(options));
      case LogisticRegressionLearner.NAME ->
          new LogisticRegressionLearner(LogisticRegressionLearner.Options.from(options));
      case SvmLearner.NAME -> new SvmLearner(SvmLearner.Options.from(options));
      default ->
          throw new IllegalArgumentException(
              "the Smile adapters make " + types() + ", not '" + type + "'");
    };
  }
}
