package io.coopdistill.simulation.methods;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.SoftTargetLearner;
import io.coopdistill.learners.model.TrainingProgress;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Response-based knowledge distillation (Hinton et al. 2015) as a competitor: every student is
 * retrained on its own rows with soft targets (1 − w)·onehot(y) + w·q̄(x), where q̄ is the average
 * of its peers' temperature-softened predictions on those rows. Models travel, data does not, so it
 * is as private as the method.
 *
 * <p>A teacher's model may be of any kind: only its class probabilities p are needed, softened as
 * softmax(log p / T) = p^(1/T) / Σ p^(1/T), which is Hinton's softmax(z / T) of its logits z. The
 * student fits the mixed target at temperature 1; since cross-entropy is linear in the target this
 * is Hinton's weighted sum of a hard and a soft cross-entropy, except that his student also runs
 * the soft term at temperature T (and scales it by T²), which the {@link SoftTargetLearner} SPI
 * does not expose. Students must be soft-target learners; otherwise the method is N/A.
 */
public final class KnowledgeDistillation implements Method {

  /**
   * @param temperature T ≥ 1 that softens each teacher's probabilities (1: as predicted)
   * @param softWeight w in [0, 1]: the weight of the peers' softened prediction in the target
   */
  public record Options(double temperature, double softWeight) {
    public static final String PATH = "coopdistill.competitors.knowledge-distillation";

    public Options {
      require(
          temperature >= 1 && temperature < Double.POSITIVE_INFINITY,
          PATH + ".temperature",
          "a number ≥ 1",
          temperature);
      require(softWeight >= 0 && softWeight <= 1, PATH + ".soft-weight", "in [0, 1]", softWeight);
    }

    public static Options fromConfig(Config root) {
      return ConfigSections.read(
          root, PATH, c -> new Options(c.getDouble("temperature"), c.getDouble("soft-weight")));
    }
  }

  private final Options options;

  public KnowledgeDistillation(Options options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "knowledge-distillation";
  }

  @Override
  public Optional<String> notApplicable(Trial trial) {
    if (trial.sites().size() < 2)
      return Optional.of("knowledge distillation needs at least 2 learners");
    List<String> lacking = TrialModels.lacking(trial, SoftTargetLearner.class);
    if (lacking.isEmpty()) return Optional.empty();
    return Optional.of("learners that cannot train on soft targets: " + String.join(", ", lacking));
  }

  @Override
  public MethodOutcome run(TrialRun run, RoundPhase.Listener progress) {
    Trial trial = run.trial();
    requireApplicable(trial);
    List<Model> baseline = run.baselineModels(progress);
    return TrialModels.retrainEach(
        trial,
        progress,
        (j, p, seed) -> {
          List<Model> teachers = new ArrayList<>(baseline);
          teachers.remove(j);
          return ((SoftTargetLearner) p.learner())
              .train(
                  p.data(), softTargets(p.data(), teachers, options), seed, TrainingProgress.NONE);
        });
  }

  /**
   * The student's targets on its own rows: its labels mixed with the teachers' average softened
   * prediction.
   */
  static float[][] softTargets(Dataset data, List<Model> teachers, Options options) {
    int classes = data.numClasses();
    double[][] average = new double[data.size()][classes];
    for (Model teacher : teachers) {
      float[][] p = teacher.predictProba(data.features());
      for (int n = 0; n < p.length; n++) {
        double[] softened = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          softened[c] = Math.pow(p[n][c], 1 / options.temperature());
          sum += softened[c];
        }
        for (int c = 0; c < classes; c++) average[n][c] += softened[c] / sum / teachers.size();
      }
    }
    float[][] targets = new float[data.size()][classes];
    for (int n = 0; n < data.size(); n++) {
      for (int c = 0; c < classes; c++)
        targets[n][c] = (float) (options.softWeight() * average[n][c]);
      targets[n][data.label(n)] += (float) (1 - options.softWeight());
    }
    return targets;
  }
}
