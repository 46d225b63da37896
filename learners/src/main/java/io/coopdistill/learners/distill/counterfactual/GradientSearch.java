package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.OptionChecks;
import io.coopdistill.learners.model.DifferentiableModel;
import java.util.Arrays;

/**
 * Adam on the input of a {@link DifferentiableModel}, a whole batch per step: one {@code
 * squaredErrorInputGradient} call for all rows still running, whose probabilities stop the rows
 * that match y' and whose gradients step the others.
 *
 * <p>The objective is divided by λ, g(x') + (1/λ)·L1(x', x) with g = ‖f(x') − y'‖², so that Adam's
 * moment estimates of ∇g stay valid when the {@link LambdaSchedule} raises λ. The L1 term is not
 * differentiated but applied as its proximal step in Adam's diagonal metric: after the Adam step u
 * on g, each coordinate moves to x + soft(u − x, lr / (λ·(√v̂ + δ))), then is clamped to the search
 * box (exact for a separable L1 plus box). Columns whose gradient is weak relative to 1/λ therefore
 * stay exactly at x, which keeps counterfactuals sparse. Masked columns never move. Each row starts
 * at the schedule's first λ that reaches y' in the linearised problem (see {@code startingRound}),
 * not at its first value: on images that skips several steps which would leave x' where it is, and
 * the rounds of λ too small to reach y' that spent most of the steps. A row stops when ‖f(x') −
 * y'‖∞ ≤ ε ({@link QuintessentialTarget#matched}); after {@code stepsPerLambda} steps without that,
 * or as soon as a step leaves x' unchanged (a fixed point of this λ: typically at small λ, where no
 * column's gradient beats the L1 term, as for images, whose per-pixel gradients are tiny), its λ
 * grows; past the schedule's end it stops.
 */
public final class GradientSearch implements CounterfactualSearch {
  private static final double ADAM_DELTA = 1e-8;

  /**
   * @param learningRate Adam's step size, in feature units (features are scaled to [0, 1])
   * @param stepsPerLambda Adam steps a row gets at each λ before λ grows
   * @param beta1 Adam's decay of the first-moment (mean gradient) estimate
   * @param beta2 Adam's decay of the second-moment estimate
   */
  public record Options(double learningRate, int stepsPerLambda, double beta1, double beta2) {
    public Options {
      OptionChecks.require(
          learningRate > 0 && Double.isFinite(learningRate),
          "coopdistill.counterfactual.gradient.learning-rate",
          "a positive number",
          learningRate);
      OptionChecks.require(
          stepsPerLambda >= 1,
          "coopdistill.counterfactual.gradient.steps-per-lambda",
          "at least 1",
          stepsPerLambda);
      OptionChecks.require(
          beta1 >= 0 && beta1 < 1, "coopdistill.counterfactual.gradient.beta1", "in [0, 1)", beta1);
      OptionChecks.require(
          beta2 >= 0 && beta2 < 1, "coopdistill.counterfactual.gradient.beta2", "in [0, 1)", beta2);
    }
  }

  private final Options options;
  private final LambdaSchedule lambda;

  public GradientSearch(Options options, LambdaSchedule lambda) {
    this.options = options;
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return "gradient";
  }

  /** Deterministic: {@code seed} is unused, the search starts at x itself. */
  @Override
  public Candidates search(SearchProblem problem, long seed) {
    if (!(problem.model() instanceof DifferentiableModel model)) {
      throw new IllegalArgumentException(
          "gradient search needs a DifferentiableModel, got "
              + problem.model().getClass().getName());
    }
    int rows = problem.size();
    int width = problem.width();
    QuintessentialTarget target = problem.target();
    float[][] x = new float[rows][];
    for (int n = 0; n < rows; n++) x[n] = problem.source()[n].clone();
    float[][] m = new float[rows][width];
    float[][] v = new float[rows][width];
    int[] steps = new int[rows];
    int[] round = new int[rows];
    int[] stepsAtLambda = new int[rows];
    boolean[] stuck = new boolean[rows];
    boolean[] stopped = new boolean[rows];
    int rounds = lambda.rounds();
    boolean[][] movable = new boolean[rows][];
    for (int n = 0; n < rows; n++) movable[n] = problem.movable(n);

    while (true) {
      int[] active = unstopped(stopped);
      if (active.length == 0) break;
      // One forward pass serves the stop test and, for the rows that go on, the step.
      DifferentiableModel.OutputAndGradient here =
          model.squaredErrorInputGradient(gather(x, active), target.rows(active));
      boolean stepped = false;
      for (int k = 0; k < active.length; k++) {
        int n = active[k];
        boolean roundOver = stuck[n] || stepsAtLambda[n] == options.stepsPerLambda();
        if (target.matched(n, here.probabilities()[k])) {
          stopped[n] = true;
          continue;
        }
        if (roundOver && ++round[n] == rounds) {
          stopped[n] = true;
          continue;
        }
        if (roundOver) stepsAtLambda[n] = 0;
        if (steps[n] == 0) {
          round[n] =
              startingRound(
                  problem,
                  n,
                  movable[n],
                  x[n],
                  here.gradient()[k],
                  target.squaredError(n, here.probabilities()[k]));
        }
        steps[n]++;
        stepsAtLambda[n]++;
        stuck[n] =
            !adamProximalStep(
                problem,
                n,
                movable[n],
                x[n],
                m[n],
                v[n],
                here.gradient()[k],
                steps[n],
                lambda.value(round[n]));
        stepped = true;
      }
      if (!stepped) break;
    }
    double[] lambdas = new double[rows];
    for (int n = 0; n < rows; n++) lambdas[n] = lambda.value(round[n]);
    return new Candidates(x, steps, lambdas);
  }

  /**
   * Where row n's λ schedule starts: the first round whose λ reaches the target in the linearised
   * problem. Adam's first step moves column c (against sign(g_c)) only if λ·|g_c| > 1, since its L1
   * proximal step undoes any smaller move; so λ admits the columns steeper than 1/λ, and the
   * L1-cheapest way to lower the linearised error moves the steepest columns first, each as far as
   * the box allows (a fractional knapsack). The quadratic error e² falls to zero along a line whose
   * initial slope predicts a fall of 2e², so λ must admit columns whose |g_c|·room_c sum to twice
   * the current error. Smaller λ cannot reach the target to first order (every round below the
   * first that moves any column would be a step that leaves x where it is); if the network's
   * curvature makes this λ fall short, the schedule grows it as usual. Columns that the mask or the
   * box hold in place in the direction of descent do not count.
   */
  private int startingRound(
      SearchProblem problem,
      int n,
      boolean[] movable,
      float[] x,
      float[] gradient,
      double squaredError) {
    int width = x.length;
    double[] slope = new double[width];
    double[] room = new double[width];
    Integer[] order = new Integer[width];
    int feasible = 0;
    for (int c = 0; c < width; c++) {
      double g = gradient[c];
      double space = g < 0 ? problem.upper(n, c) - x[c] : g > 0 ? x[c] - problem.lower(n, c) : 0;
      if (!movable[c] || space <= 0) continue;
      slope[c] = Math.abs(g);
      room[c] = space;
      order[feasible++] = c;
    }
    Arrays.sort(order, 0, feasible, (a, b) -> Double.compare(slope[b], slope[a]));
    double needed = 2 * squaredError;
    double flattest = 0;
    for (int k = 0; k < feasible && needed > 0; k++) {
      flattest = slope[order[k]];
      needed -= flattest * room[order[k]];
    }
    int round = 0;
    while (round < lambda.rounds() - 1 && lambda.value(round) * flattest <= 1) round++;
    return round;
  }

  /** One Adam step on g and proximal L1 step for row n, in place; whether x' changed. */
  private boolean adamProximalStep(
      SearchProblem problem,
      int n,
      boolean[] movable,
      float[] x,
      float[] m,
      float[] v,
      float[] gradient,
      int step,
      double lambdaNow) {
    float[] source = problem.source()[n];
    double lr = options.learningRate();
    double b1 = options.beta1();
    double b2 = options.beta2();
    double bias1 = 1 - Math.pow(b1, step);
    double bias2 = 1 - Math.pow(b2, step);
    boolean changed = false;
    for (int c = 0; c < x.length; c++) {
      if (!movable[c]) continue;
      double g = gradient[c];
      m[c] = (float) (b1 * m[c] + (1 - b1) * g);
      v[c] = (float) (b2 * v[c] + (1 - b2) * g * g);
      double scale = Math.sqrt(v[c] / bias2) + ADAM_DELTA;
      double moved = x[c] - lr * (m[c] / bias1) / scale - source[c];
      double shrunk = Math.signum(moved) * Math.max(Math.abs(moved) - lr / (lambdaNow * scale), 0);
      float next =
          (float) Math.min(problem.upper(n, c), Math.max(problem.lower(n, c), source[c] + shrunk));
      changed |= next != x[c];
      x[c] = next;
    }
    return changed;
  }

  private static int[] unstopped(boolean[] stopped) {
    int count = 0;
    for (boolean s : stopped) if (!s) count++;
    int[] indices = new int[count];
    for (int n = 0, k = 0; n < stopped.length; n++) if (!stopped[n]) indices[k++] = n;
    return indices;
  }

  private static float[][] gather(float[][] rows, int[] indices) {
    float[][] picked = new float[indices.length][];
    for (int k = 0; k < indices.length; k++) picked[k] = rows[indices[k]];
    return picked;
  }
}
