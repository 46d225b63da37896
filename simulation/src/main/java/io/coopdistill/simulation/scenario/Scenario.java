package io.coopdistill.simulation.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A paper experiment as a source of seeded trials. Building one loads (and so checks) its data, so
 * a missing data set is reported before anything is run or written.
 */
public interface Scenario {

  /** The agents (learners) every trial has, in order. */
  List<String> agents();

  /** The trial for {@code seed}: same seed, same sites and test set. */
  Trial trial(long seed);

  /**
   * Whether the features are tabular (not pixels): the feature-shift chart (paper Fig. 4) applies.
   */
  boolean tabular();

  /**
   * A property of the trial that the gain is correlated with (experiment 6: the number of shared
   * features), or empty.
   */
  default OptionalDouble covariate(long seed) {
    return OptionalDouble.empty();
  }

  /**
   * The data files the trials read, by the name results show them under ({@link
   * io.coopdistill.learners.data.DataFiles#shown}: never an absolute path inside the project), in
   * reading order; empty for generated data.
   */
  default Map<String, Path> dataFiles() {
    return Map.of();
  }

  /** What {@link #covariate} measures, for reports. */
  default String covariateName() {
    return "";
  }
}
