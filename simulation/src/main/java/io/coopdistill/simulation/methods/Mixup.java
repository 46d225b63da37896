package io.coopdistill.simulation.methods;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.SoftTargetLearner;
import io.coopdistill.learners.model.TrainingProgress;
import io.coopdistill.simulation.scenario.Trial;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Mixup (Zhang et al. 2017) as a competitor: each learner is retrained on its own rows plus virtual
 * rows λ·x_a + (1 − λ)·x_b of two of its own rows drawn at random, λ ~ Beta(α, α). No learner sees
 * another's data or model, so this is data augmentation, not cooperation.
 *
 * <p>Soft-target learners get the mixed label λ·onehot(y_a) + (1 − λ)·onehot(y_b), as in the paper;
 * any other learner gets the label of the larger weight (y_a when λ ≥ ½), so that mixup applies to
 * every learner. The Learner SPI trains on a data set, not on minibatches, so the virtual rows are
 * drawn once before training rather than afresh in each minibatch; they are also eligible for a
 * learner's validation split. A convex combination stays inside the feature bounds; one-hot groups
 * become fractional, as in mixup on any encoded input.
 */
public final class Mixup implements Method {

  /**
   * @param alpha α > 0 of Beta(α, α): small values keep most virtual rows near one of their two
   *     parents
   * @param samplesPerRow virtual rows per own row (> 0), rounded
   */
  public record Options(double alpha, double samplesPerRow) {
    public static final String PATH = "coopdistill.competitors.mixup";

    public Options {
      require(
          alpha > 0 && alpha < Double.POSITIVE_INFINITY, PATH + ".alpha", "a number > 0", alpha);
      require(
          samplesPerRow > 0 && samplesPerRow < Double.POSITIVE_INFINITY,
          PATH + ".samples-per-row",
          "a number > 0",
          samplesPerRow);
    }

    public static Options fromConfig(Config root) {
      return ConfigSections.read(
          root, PATH, c -> new Options(c.getDouble("alpha"), c.getDouble("samples-per-row")));
    }
  }

  /** A learner's own rows followed by its virtual rows, with a class distribution per row. */
  record Augmented(Dataset data, float[][] targets) {}

  private final Options options;

  public Mixup(Options options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "mixup";
  }

  @Override
  public MethodOutcome run(TrialRun run, RoundPhase.Listener progress) {
    Trial trial = run.trial();
    return TrialModels.retrainEach(
        trial,
        progress,
        (i, p, seed) -> {
          // A coordinate of its own, so the draws are independent of the learner's initialisation.
          Augmented augmented =
              augment(p.data(), options, Seeds.derive(trial.seed(), Seeds.Phase.TRAINING, i, 1));
          return p.learner() instanceof SoftTargetLearner soft
              ? soft.train(augmented.data(), augmented.targets(), seed, TrainingProgress.NONE)
              : p.learner().train(augmented.data(), seed);
        });
  }

  static Augmented augment(Dataset data, Options options, long seed) {
    int own = data.size();
    int virtual = own == 0 ? 0 : Math.max(1, (int) Math.round(options.samplesPerRow() * own));
    RandomGenerator random = new Well19937c(seed);
    BetaDistribution beta = new BetaDistribution(random, options.alpha(), options.alpha());
    float[][] x = new float[virtual][data.numFeatures()];
    int[] y = new int[virtual];
    float[][] targets = new float[own + virtual][];
    float[][] ownTargets = SoftTargetLearner.oneHot(data);
    System.arraycopy(ownTargets, 0, targets, 0, own);
    for (int k = 0; k < virtual; k++) {
      int a = random.nextInt(own);
      int b = random.nextInt(own);
      double lambda = beta.sample();
      float[] xa = data.row(a);
      float[] xb = data.row(b);
      for (int d = 0; d < x[k].length; d++)
        x[k][d] = (float) (lambda * xa[d] + (1 - lambda) * xb[d]);
      y[k] = lambda >= 0.5 ? data.label(a) : data.label(b);
      float[] t = new float[data.numClasses()];
      t[data.label(a)] += (float) lambda;
      t[data.label(b)] += (float) (1 - lambda);
      targets[own + k] = t;
    }
    Dataset mixed = new Dataset(data.name() + "/mixup", data.schema(), data.classNames(), x, y);
    return new Augmented(data.withTrainingOnly(data.name() + "+mixup", mixed), targets);
  }
}
