package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.OptionChecks;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * CMA-ES (commons-math3 {@link CMAESOptimizer}) over a row's movable columns, a second
 * derivative-free search beside {@link ParticleSwarmSearch}. The optimiser asks for one point at a
 * time, so each evaluation is a one-row {@code predictProba} call: slower than the swarm's batched
 * scoring, and on step-like models (trees) it often stalls on a plateau — report its success ratio.
 *
 * <p>As in the swarm, points are scored after projection and the best projected point seen is kept
 * (the optimiser's own answer is lost when it runs out of evaluations). Each λ of the schedule is a
 * fresh CMA-ES run from the best point so far; a row stops once its best point reaches the target.
 */
public final class CmaesSearch implements CounterfactualSearch {

  /**
   * @param sigma initial step size, as a fraction of each column's search range
   * @param evaluationsPerLambda model evaluations CMA-ES may spend at each λ
   */
  public record Options(double sigma, int evaluationsPerLambda) {
    public Options {
      OptionChecks.require(
          sigma > 0 && sigma <= 1, "coopdistill.counterfactual.cmaes.sigma", "in (0, 1]", sigma);
      OptionChecks.require(
          evaluationsPerLambda >= 10,
          "coopdistill.counterfactual.cmaes.evaluations-per-lambda",
          "at least 10",
          evaluationsPerLambda);
    }
  }

  private final Options options;
  private final LambdaSchedule lambda;

  public CmaesSearch(Options options, LambdaSchedule lambda) {
    this.options = options;
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return "cmaes";
  }

  @Override
  public Candidates search(SearchProblem problem, long seed) {
    int rows = problem.size();
    float[][] best = new float[rows][];
    int[] evaluations = new int[rows];
    double[] lambdas = new double[rows];
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int n = 0; n < rows; n++) {
      RowObjective objective = new RowObjective(problem, n);
      long rowSeed = seeds.nextLong();
      int round = 0;
      if (objective.columns.length > 0) {
        for (; round < lambda.rounds(); round++) {
          objective.setLambda(lambda.value(round));
          run(objective, rowSeed + round);
          if (objective.bestReached) break;
        }
      }
      best[n] = objective.bestPoint;
      evaluations[n] = objective.evaluations;
      lambdas[n] = lambda.value(round);
    }
    return new Candidates(best, evaluations, lambdas);
  }

  private void run(RowObjective objective, long seed) {
    int dims = objective.columns.length;
    double[] sigma = new double[dims];
    for (int k = 0; k < dims; k++)
      sigma[k] = options.sigma() * Math.max(objective.upper[k] - objective.lower[k], 1e-6);
    CMAESOptimizer optimizer =
        new CMAESOptimizer(
            Integer.MAX_VALUE, 0, true, 0, 0, new MersenneTwister(seed), false, null);
    try {
      optimizer.optimize(
          new MaxEval(options.evaluationsPerLambda()),
          new MaxIter(Integer.MAX_VALUE),
          new ObjectiveFunction(objective::value),
          GoalType.MINIMIZE,
          new InitialGuess(objective.bestStart()),
          new SimpleBounds(objective.lower, objective.upper),
          new CMAESOptimizer.Sigma(sigma),
          new CMAESOptimizer.PopulationSize(4 + (int) Math.floor(3 * Math.log(dims))));
    } catch (TooManyEvaluationsException budgetSpent) {
      // The usual way a run ends: the best point is tracked by the objective itself.
    }
  }

  /** L1 + λ·error over one row's movable columns, remembering the best projected point. */
  private static final class RowObjective {
    final int[] columns;
    final double[] lower;
    final double[] upper;
    private final SearchProblem problem;
    private final int row;
    private final float[] source;
    private double lambdaNow;
    float[] bestPoint;
    private double[] bestSearched;
    private double bestL1;
    private double bestError = Double.POSITIVE_INFINITY;
    boolean bestReached;
    int evaluations;

    RowObjective(SearchProblem problem, int row) {
      this.problem = problem;
      this.row = row;
      this.source = problem.source()[row];
      boolean[] movable = problem.movable(row);
      columns = IntStream.range(0, source.length).filter(c -> movable[c]).toArray();
      lower = new double[columns.length];
      upper = new double[columns.length];
      bestSearched = new double[columns.length];
      for (int k = 0; k < columns.length; k++) {
        lower[k] = problem.lower(row, columns[k]);
        upper[k] = problem.upper(row, columns[k]);
        bestSearched[k] = source[columns[k]];
      }
      bestPoint = source.clone();
    }

    void setLambda(double lambdaNow) {
      this.lambdaNow = lambdaNow;
    }

    double[] bestStart() {
      return bestSearched.clone();
    }

    double value(double[] searched) {
      float[] point = source.clone();
      for (int k = 0; k < columns.length; k++) point[columns[k]] = (float) searched[k];
      problem.schema().project(point);
      float[] p = problem.model().predictProba(new float[][] {point})[0];
      evaluations++;
      double l1 = SearchProblem.l1(point, source);
      double error = problem.target().squaredError(row, p);
      double value = l1 + lambdaNow * error;
      if (value < bestL1 + lambdaNow * bestError) {
        bestL1 = l1;
        bestError = error;
        bestPoint = point;
        bestSearched = searched.clone();
        bestReached = problem.target().reached(row, p);
      }
      return value;
    }
  }
}
