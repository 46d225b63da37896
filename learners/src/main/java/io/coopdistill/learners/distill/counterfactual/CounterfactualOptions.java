package io.coopdistill.learners.distill.counterfactual;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.OptionChecks;
import java.util.Objects;

/**
 * Every hyper-parameter of the quintessential counterfactual search; the documented defaults are in
 * {@code conf/counterfactual.conf} under {@value #PATH}.
 *
 * @param alpha the teacher's influence α in y' = f(x) + α(onehot(y) − f(x)), in (0, 1]
 * @param epsilon the tolerance ε of {@link QuintessentialTarget#reached} and {@link
 *     QuintessentialTarget#matched}
 * @param objectiveModel which model defines y' and the prediction term of the objective
 * @param method how to search; {@link Method#AUTO} picks by the objective model's type
 * @param batchSize rows handed to a search at once
 * @param maskFraction fraction of pixels, per class, a search may move in images (1: all)
 */
public record CounterfactualOptions(
    double alpha,
    double epsilon,
    ObjectiveModel objectiveModel,
    Method method,
    int batchSize,
    double maskFraction,
    LambdaSchedule lambda,
    GradientSearch.Options gradient,
    ParticleSwarmSearch.Options pso,
    CmaesSearch.Options cmaes) {

  public static final String PATH = "coopdistill.counterfactual";

  public CounterfactualOptions {
    OptionChecks.require(alpha > 0 && alpha <= 1, PATH + ".alpha", "in (0, 1]", alpha);
    OptionChecks.require(epsilon >= 0 && epsilon < 1, PATH + ".epsilon", "in [0, 1)", epsilon);
    OptionChecks.require(batchSize >= 1, PATH + ".batch-size", "at least 1", batchSize);
    OptionChecks.require(
        maskFraction > 0 && maskFraction <= 1, PATH + ".mask-fraction", "in (0, 1]", maskFraction);
    Objects.requireNonNull(objectiveModel, PATH + ".objective-model");
    Objects.requireNonNull(method, PATH + ".method");
    Objects.requireNonNull(lambda, PATH + ".lambda");
    Objects.requireNonNull(gradient, PATH + ".gradient");
    Objects.requireNonNull(pso, PATH + ".pso");
    Objects.requireNonNull(cmaes, PATH + ".cmaes");
  }

  /**
   * Whose output defines y' and the prediction term. The paper's text and Algorithm 1 use the
   * teacher f_i (it knows the answer); its Eq. 2 prints the student f_j in the prediction term.
   */
  public enum ObjectiveModel {
    TEACHER,
    STUDENT
  }

  /** auto: tree-exact for a TreeModel, gradient for a DifferentiableModel, pso otherwise. */
  public enum Method {
    AUTO,
    GRADIENT,
    PSO,
    CMAES,
    TREE_EXACT
  }

  /** The options at {@value #PATH} of {@code root} (e.g. {@code ConfigFactory.load()}). */
  public static CounterfactualOptions fromConfig(Config root) {
    return ConfigSections.read(
        root,
        PATH,
        c ->
            new CounterfactualOptions(
                c.getDouble("alpha"),
                c.getDouble("epsilon"),
                ConfigEnums.parse(
                    ObjectiveModel.class,
                    c.getString("objective-model"),
                    PATH + ".objective-model"),
                ConfigEnums.parse(Method.class, c.getString("method"), PATH + ".method"),
                c.getInt("batch-size"),
                c.getDouble("mask-fraction"),
                new LambdaSchedule(
                    c.getDouble("lambda.initial"),
                    c.getDouble("lambda.growth"),
                    c.getDouble("lambda.max")),
                new GradientSearch.Options(
                    c.getDouble("gradient.learning-rate"),
                    c.getInt("gradient.steps-per-lambda"),
                    c.getDouble("gradient.beta1"),
                    c.getDouble("gradient.beta2")),
                new ParticleSwarmSearch.Options(
                    c.getInt("pso.particles"),
                    c.getInt("pso.iterations-per-lambda"),
                    c.getDouble("pso.inertia"),
                    c.getDouble("pso.cognitive"),
                    c.getDouble("pso.social")),
                new CmaesSearch.Options(
                    c.getDouble("cmaes.sigma"), c.getInt("cmaes.evaluations-per-lambda"))));
  }

  public CounterfactualOptions withMethod(Method newMethod) {
    return new CounterfactualOptions(
        alpha,
        epsilon,
        objectiveModel,
        newMethod,
        batchSize,
        maskFraction,
        lambda,
        gradient,
        pso,
        cmaes);
  }
}
