package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.OptionChecks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Particle swarm optimisation (Kennedy and Eberhart 1995), the paper's search for learners without
 * input gradients. Every particle of every running row is scored in ONE {@code predictProba} call
 * per iteration.
 *
 * <p>Particles are scored at their projected point (one-hot groups made valid), so the objective
 * L1(x', x) + λ‖f(x') − y'‖² is always measured on real data points and the returned best is what
 * the student will receive. Particle 0 starts at x; the others at x + u·(b − x) for a uniform point
 * b of the search box and u ~ U(0, 1), which spreads the swarm from x outwards. A particle leaving
 * the box is put back on its face with that velocity component zeroed. After {@code
 * iterationsPerLambda} iterations a row whose best point reaches the target stops; the others
 * restart with the next λ of the schedule (the best particle kept, the rest scattered afresh) or
 * fail past its end.
 */
public final class ParticleSwarmSearch implements CounterfactualSearch {

  /**
   * @param particles swarm size per row
   * @param iterationsPerLambda swarm iterations at each λ
   * @param inertia weight of a particle's previous velocity
   * @param cognitive pull towards the particle's own best (c1)
   * @param social pull towards the swarm's best (c2)
   */
  public record Options(
      int particles, int iterationsPerLambda, double inertia, double cognitive, double social) {
    public Options {
      OptionChecks.require(
          particles >= 2, "coopdistill.counterfactual.pso.particles", "at least 2", particles);
      OptionChecks.require(
          iterationsPerLambda >= 1,
          "coopdistill.counterfactual.pso.iterations-per-lambda",
          "at least 1",
          iterationsPerLambda);
      OptionChecks.require(
          inertia >= 0 && inertia < 1,
          "coopdistill.counterfactual.pso.inertia",
          "in [0, 1)",
          inertia);
      OptionChecks.require(
          cognitive >= 0 && Double.isFinite(cognitive),
          "coopdistill.counterfactual.pso.cognitive",
          "a non-negative number",
          cognitive);
      OptionChecks.require(
          social >= 0 && Double.isFinite(social),
          "coopdistill.counterfactual.pso.social",
          "a non-negative number",
          social);
    }
  }

  private final Options options;
  private final LambdaSchedule lambda;

  public ParticleSwarmSearch(Options options, LambdaSchedule lambda) {
    this.options = options;
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return "pso";
  }

  @Override
  public Candidates search(SearchProblem problem, long seed) {
    int rows = problem.size();
    int swarm = options.particles();
    Swarm[] swarms = new Swarm[rows];
    SplittableRandom random = new SplittableRandom(seed);
    for (int n = 0; n < rows; n++) swarms[n] = new Swarm(problem, n, swarm, random.split());
    int[] iterations = new int[rows];
    int[] round = new int[rows];
    boolean[] stopped = new boolean[rows];
    int rounds = lambda.rounds();

    while (true) {
      int running = 0;
      for (boolean s : stopped) if (!s) running++;
      if (running == 0) break;
      // Score all particles of all running rows in one call.
      float[][] points = new float[running * swarm][];
      for (int n = 0, k = 0; n < rows; n++) {
        if (stopped[n]) continue;
        for (int s = 0; s < swarm; s++) points[k++] = swarms[n].projected(s);
      }
      float[][] p = problem.model().predictProba(points);
      for (int n = 0, k = 0; n < rows; n++) {
        if (stopped[n]) continue;
        Swarm sw = swarms[n];
        double lambdaNow = lambda.value(round[n]);
        for (int s = 0; s < swarm; s++, k++) sw.record(s, points[k], p[k], lambdaNow);
        iterations[n]++;
        if (iterations[n] % options.iterationsPerLambda() == 0) {
          if (sw.bestReached || ++round[n] == rounds) {
            stopped[n] = true;
            continue;
          }
          sw.restart(lambda.value(round[n]));
          continue;
        }
        sw.move(options);
      }
    }
    float[][] best = new float[rows][];
    double[] lambdas = new double[rows];
    for (int n = 0; n < rows; n++) {
      best[n] = swarms[n].bestPoint;
      lambdas[n] = lambda.value(round[n]);
    }
    return new Candidates(best, iterations, lambdas);
  }

  /** The particles of one row. */
  private static final class Swarm {
    private final SearchProblem problem;
    private final int row;
    private final float[] source;
    private final boolean[] movable;
    private final float[] lower;
    private final float[] upper;
    private final SplittableRandom random;
    private final float[][] position;
    private final float[][] velocity;
    // Each particle's best so far: where it was (for the dynamics), the projected point scored,
    // the two objective terms and whether it reached the target.
    private final float[][] personalBest;
    private final float[][] personalPoint;
    private final double[] personalL1;
    private final double[] personalError;
    private final double[] personalValue;
    private final boolean[] personalReached;
    private int leader = -1;
    private double bestValue = Double.POSITIVE_INFINITY;
    float[] bestPoint;
    boolean bestReached;

    Swarm(SearchProblem problem, int row, int size, SplittableRandom random) {
      this.problem = problem;
      this.row = row;
      this.source = problem.source()[row];
      this.movable = problem.movable(row);
      this.random = random;
      int width = source.length;
      lower = new float[width];
      upper = new float[width];
      for (int c = 0; c < width; c++) {
        lower[c] = problem.lower(row, c);
        upper[c] = problem.upper(row, c);
      }
      position = new float[size][];
      velocity = new float[size][width];
      personalBest = new float[size][];
      personalPoint = new float[size][];
      personalL1 = new double[size];
      personalError = new double[size];
      personalValue = new double[size];
      personalReached = new boolean[size];
      position[0] = source.clone();
      for (int s = 1; s < size; s++) scatter(s);
      Arrays.fill(personalValue, Double.POSITIVE_INFINITY);
      bestPoint = source.clone();
    }

    /**
     * A fresh particle at x + u·(b − x): b uniform in the box, u ~ U(0, 1); no velocity, no memory.
     */
    private void scatter(int s) {
      double spread = random.nextDouble();
      position[s] = source.clone();
      for (int c = 0; c < source.length; c++) {
        if (!movable[c]) continue;
        double corner = lower[c] + random.nextDouble() * (upper[c] - lower[c]);
        position[s][c] = (float) (source[c] + spread * (corner - source[c]));
      }
      Arrays.fill(velocity[s], 0f);
      personalBest[s] = null;
      personalValue[s] = Double.POSITIVE_INFINITY;
    }

    float[] projected(int s) {
      float[] point = position[s].clone();
      problem.schema().project(point);
      return point;
    }

    void record(int s, float[] point, float[] p, double lambdaNow) {
      double l1 = SearchProblem.l1(point, source);
      double error = problem.target().squaredError(row, p);
      double value = l1 + lambdaNow * error;
      if (value < personalValue[s]) {
        personalValue[s] = value;
        personalL1[s] = l1;
        personalError[s] = error;
        personalBest[s] = position[s].clone();
        personalPoint[s] = point;
        personalReached[s] = problem.target().reached(row, p);
        if (value < bestValue) promote(s);
      }
    }

    /**
     * A new λ: by now the swarm has collapsed onto the old optimum, so keep only the leader (its
     * best re-scored under the new λ) and scatter the others afresh to explore again.
     */
    void restart(double lambdaNow) {
      for (int s = 0; s < position.length; s++) {
        if (s == leader) continue;
        scatter(s);
      }
      position[leader] = personalBest[leader].clone();
      Arrays.fill(velocity[leader], 0f);
      personalValue[leader] = personalL1[leader] + lambdaNow * personalError[leader];
      bestValue = personalValue[leader];
    }

    private void promote(int s) {
      leader = s;
      bestValue = personalValue[s];
      bestPoint = personalPoint[s];
      bestReached = personalReached[s];
    }

    void move(Options options) {
      float[] leaderBest = personalBest[leader];
      for (int s = 0; s < position.length; s++) {
        float[] x = position[s];
        float[] vel = velocity[s];
        float[] own = personalBest[s];
        for (int c = 0; c < x.length; c++) {
          if (!movable[c]) continue;
          double v =
              options.inertia() * vel[c]
                  + options.cognitive() * random.nextDouble() * (own[c] - x[c])
                  + options.social() * random.nextDouble() * (leaderBest[c] - x[c]);
          double moved = x[c] + v;
          if (moved < lower[c] || moved > upper[c]) {
            moved = moved < lower[c] ? lower[c] : upper[c];
            v = 0;
          }
          x[c] = (float) moved;
          vel[c] = (float) v;
        }
      }
    }
  }
}
