package io.coopdistill.learners.model.smile;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TrainingProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Hyper-parameters chosen on validation data, as the paper tuned its models: each setting of a
 * small grid ({@code coopdistill.learners.<type>.grid}) trains with the same seed on the data minus
 * a seeded stratified validation split of the site's own rows ({@link Dataset#validationSplit}:
 * virtual, mixed or others' rows never select), the most accurate on the split wins (the earlier in
 * grid order on a tie, so list simpler settings first), and it trains again on all the rows. Every
 * method trains its learners through this, so all select alike.
 */
final class GridSearch implements Learner {
  private static final String GRID = Learners.GRID;
  static final String VALIDATION_FRACTION = "grid-validation-fraction";

  private final SmileLearner<?> configured;
  private final List<SmileLearner<?>> candidates;
  private final double validationFraction;

  /**
   * @param configured the learner of the options as configured, for data too small to split
   * @param candidates one learner per setting of the grid, in grid order
   * @param validationFraction of each class of the own rows, held out to compare the settings
   */
  GridSearch(
      SmileLearner<?> configured, List<SmileLearner<?>> candidates, double validationFraction) {
    if (candidates.size() < 2)
      throw new IllegalArgumentException(
          "a grid search needs at least 2 settings, got " + candidates.size());
    OptionReader.require(
        validationFraction > 0 && validationFraction < 1,
        configured.name(),
        VALIDATION_FRACTION,
        "in (0, 1) for a grid",
        validationFraction);
    this.configured = configured;
    this.candidates = List.copyOf(candidates);
    this.validationFraction = validationFraction;
  }

  /**
   * The learner {@code options} describe: a grid search over the settings of its {@code grid} (each
   * key a list of values for that option, combined every way) when that has more than one setting
   * and {@code grid-validation-fraction} > 0; else the learner of the options alone.
   */
  static Learner of(String type, Config options, Function<Config, SmileLearner<?>> create) {
    SmileLearner<?> configured = create.apply(options);
    double fraction =
        options.hasPath(VALIDATION_FRACTION)
            ? new OptionReader(type, options).getDouble(VALIDATION_FRACTION)
            : 0;
    List<Config> settings = settings(type, options);
    if (settings.size() < 2 || fraction == 0) return configured;
    return new GridSearch(configured, settings.stream().map(create).toList(), fraction);
  }

  /**
   * Every combination of the grid's values over {@code options}, the grid's first key varying
   * slowest.
   */
  static List<Config> settings(String type, Config options) {
    List<Config> settings = new ArrayList<>(List.of(options));
    if (!options.hasPath(GRID)) return settings;
    Config grid = options.getConfig(GRID);
    for (String key : grid.root().keySet().stream().sorted().toList()) {
      ConfigValue values = grid.root().get(key);
      if (!(values instanceof ConfigList list) || list.isEmpty()) {
        throw new IllegalArgumentException(
            type
                + " option '"
                + GRID
                + "."
                + key
                + "' must be a non-empty list of values, got "
                + values.render());
      }
      List<Config> next = new ArrayList<>();
      for (Config s : settings)
        for (ConfigValue v : list) next.add(s.withValue(ConfigUtil.joinPath(key), v));
      settings = next;
    }
    return settings;
  }

  /** The settings compared, in grid order. */
  List<SmileLearner<?>> candidates() {
    return candidates;
  }

  /** The learner of the options as configured outside the grid. */
  SmileLearner<?> configured() {
    return configured;
  }

  @Override
  public String name() {
    return configured.name();
  }

  @Override
  public Model train(Dataset data, long seed, TrainingProgress progress) {
    return select(data, seed).train(data, seed, progress);
  }

  /**
   * The setting most accurate on the validation split of {@code data}'s own rows; the configured
   * one if it cannot be split.
   */
  SmileLearner<?> select(Dataset data, long seed) {
    Dataset.IndexSplit split = data.validationSplit(validationFraction, seed);
    Dataset fit = data.subset(data.name() + "/fit", split.first());
    Dataset validation = data.subset(data.name() + "/validation", split.second());
    if (validation.size() == 0 || Arrays.stream(fit.classCounts()).filter(n -> n > 0).count() < 2)
      return configured;
    SmileLearner<?> best = null;
    double bestAccuracy = -1;
    for (SmileLearner<?> candidate : candidates) {
      double accuracy = accuracy(candidate.train(fit, seed), validation);
      if (accuracy > bestAccuracy) {
        bestAccuracy = accuracy;
        best = candidate;
      }
    }
    return best;
  }

  private static double accuracy(Model model, Dataset rows) {
    float[][] p = model.predictProba(rows.features());
    int right = 0;
    for (int n = 0; n < p.length; n++) if (Model.argmax(p[n]) == rows.label(n)) right++;
    return (double) right / p.length;
  }

  @Override
  public String toString() {
    return "grid search on " + validationFraction + " of own rows over " + candidates;
  }
}
