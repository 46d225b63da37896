package io.coopdistill.learners.model;

import java.util.Objects;

/**
 * A learner of a named type with its validated options record (built from the learner's
 * configuration block): what the built-in learners share, so that each says only how it trains.
 *
 * @param <O> the options record
 */
public abstract class ConfiguredLearner<O extends Record> implements Learner {

  private final String name;
  private final O options;

  protected ConfiguredLearner(String name, O options) {
    this.name = Objects.requireNonNull(name, "name");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The options this learner trains with. */
  public final O options() {
    return options;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + options;
  }
}
