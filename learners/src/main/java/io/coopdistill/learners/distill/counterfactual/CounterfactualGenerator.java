package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.Method;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.ObjectiveModel;
import io.coopdistill.learners.model.DifferentiableModel;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TreeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Builds the quintessential counterfactuals a teacher sends a student (the paper's Eq. 2), the same
 * way for every kind of model: compute y', run the search the options and the model call for,
 * project each x' into the data space, score all of them in one {@code predictProba} call, and
 * judge success and leakage uniformly. Immutable and thread-safe.
 */
public final class CounterfactualGenerator {
  private final CounterfactualOptions options;

  public CounterfactualGenerator(CounterfactualOptions options) {
    this.options = options;
  }

  public CounterfactualOptions options() {
    return options;
  }

  /**
   * One counterfactual per source row x[n] of true class y[n], searched against the teacher (or the
   * student, if {@code objective-model = student}; then {@code student} must not be null).
   *
   * @param mask which columns may move per class, or null for all (see {@link #pixelMask})
   * @param seed makes the result reproducible
   */
  public List<Counterfactual> generate(
      Model teacher,
      Model student,
      FeatureSchema schema,
      float[][] x,
      int[] y,
      PixelMask mask,
      long seed) {
    return generate(teacher, student, schema, x, y, mask, SearchGuard.NONE, seed);
  }

  /**
   * As {@link #generate(Model, Model, FeatureSchema, float[][], int[], PixelMask, long)}, with a
   * privacy guard: each search starts from {@code guard}'s anchor of its row, and a candidate the
   * guard cannot admit counts as failed.
   */
  public List<Counterfactual> generate(
      Model teacher,
      Model student,
      FeatureSchema schema,
      float[][] x,
      int[] y,
      PixelMask mask,
      SearchGuard guard,
      long seed) {
    Model model = options.objectiveModel() == ObjectiveModel.TEACHER ? teacher : student;
    if (model == null)
      throw new IllegalArgumentException(
          "the " + ConfigEnums.name(options.objectiveModel()) + " model is null");
    if (x.length != y.length)
      throw new IllegalArgumentException(x.length + " source rows but " + y.length + " labels");
    CounterfactualSearch search = searchFor(model);
    List<Counterfactual> results = new ArrayList<>(x.length);
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int from = 0; from < x.length; from += options.batchSize()) {
      int to = Math.min(x.length, from + options.batchSize());
      float[][] rows = Arrays.copyOfRange(x, from, to);
      float[][] source = new float[rows.length][];
      for (int n = 0; n < rows.length; n++) source[n] = guard.anchor(rows[n], y[from + n]);
      // y' is the model's view of the private row, whatever the search starts from, unless the
      // guard forbids reading the row after its anchor.
      float[][] viewed = guard.releasesAnchorOnly() ? source : rows;
      QuintessentialTarget target =
          QuintessentialTarget.of(
              model.predictProba(viewed),
              Arrays.copyOfRange(y, from, to),
              options.alpha(),
              options.epsilon());
      SearchProblem problem = new SearchProblem(model, schema, source, target, mask);
      results.addAll(judge(problem, viewed, guard, search.search(problem, seeds.nextLong())));
    }
    return results;
  }

  /**
   * Projects the candidates, applies the guard's floor, scores them in one call and applies the one
   * definition of success (a candidate the guard does not admit has failed).
   *
   * @param rows the private source rows (the problem's sources are the guard's anchors of them), or
   *     the anchors themselves when the guard releases only those
   */
  static List<Counterfactual> judge(
      SearchProblem problem,
      float[][] rows,
      SearchGuard guard,
      CounterfactualSearch.Candidates candidates) {
    int size = problem.size();
    float[][] points = new float[size][];
    boolean[] admitted = new boolean[size];
    for (int n = 0; n < size; n++) {
      points[n] = candidates.points()[n].clone();
      problem.schema().project(points[n]);
      admitted[n] = guard.admit(points[n], problem.schema());
    }
    float[][] p = problem.model().predictProba(points);
    List<Counterfactual> judged = new ArrayList<>(size);
    for (int n = 0; n < size; n++) {
      float[] source = rows[n];
      judged.add(
          new Counterfactual(
              points[n],
              admitted[n] && problem.target().reached(n, p[n]),
              // An anchor released under a guarantee is no private row: reaching the target at it
              // hands over nothing, so it is sent.
              !guard.releasesAnchorOnly() && Arrays.equals(points[n], source),
              p[n],
              SearchProblem.l1(points[n], source),
              candidates.iterations()[n],
              candidates.lambdas()[n]));
    }
    return judged;
  }

  /**
   * The search for {@code model}: the configured method, or by the model's type for {@code auto}.
   */
  public CounterfactualSearch searchFor(Model model) {
    Method method = options.method();
    if (method == Method.AUTO) {
      method =
          model instanceof TreeModel
              ? Method.TREE_EXACT
              : model instanceof DifferentiableModel ? Method.GRADIENT : Method.PSO;
    }
    if (method == Method.GRADIENT && !(model instanceof DifferentiableModel)) {
      throw new IllegalArgumentException(
          CounterfactualOptions.PATH
              + ".method = gradient needs a DifferentiableModel, got "
              + model.getClass().getName());
    }
    if (method == Method.TREE_EXACT && !(model instanceof TreeModel)) {
      throw new IllegalArgumentException(
          CounterfactualOptions.PATH
              + ".method = tree-exact needs a TreeModel, got "
              + model.getClass().getName());
    }
    return switch (method) {
      case GRADIENT -> new GradientSearch(options.gradient(), options.lambda());
      case PSO -> new ParticleSwarmSearch(options.pso(), options.lambda());
      case CMAES -> new CmaesSearch(options.cmaes(), options.lambda());
      case TREE_EXACT -> new TreeExactSearch(options.lambda());
      case AUTO -> throw new AssertionError("resolved above");
    };
  }

  /**
   * The pixel mask for a teacher trained on {@code teacherData}: for image schemas and a {@code
   * mask-fraction} below 1, the most variable pixels of each class; otherwise none.
   */
  public Optional<PixelMask> pixelMask(Dataset teacherData) {
    if (teacherData.schema().image().isEmpty() || options.maskFraction() >= 1)
      return Optional.empty();
    return Optional.of(PixelMask.mostVariable(teacherData, options.maskFraction()));
  }
}
