package io.coopdistill.learners.distill.counterfactual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.Method;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared parts: targets, success, leak detection, options, method choice. */
class CounterfactualGeneratorTest {

  @Test
  void quintessentialTargetMovesHalfWayToTheTrueClass() {
    QuintessentialTarget target =
        QuintessentialTarget.of(new float[][] {{0.6f, 0.3f, 0.1f}}, new int[] {0}, 0.5, 0.05);
    assertArrayEquals(new float[] {0.8f, 0.15f, 0.05f}, target.row(0), 1e-6f);
    assertTrue(target.reached(0, new float[] {0.76f, 0.2f, 0.04f}));
    assertFalse(target.reached(0, new float[] {0.74f, 0.2f, 0.06f}), "below y'_y - epsilon");
    assertTrue(
        target.reached(0, new float[] {1f, 0f, 0f}), "overshooting is more typical, still success");
    QuintessentialTarget tied =
        QuintessentialTarget.of(new float[][] {{0.4f, 0.4f, 0.2f}}, new int[] {1}, 0.1, 0.5);
    assertFalse(
        tied.reached(0, new float[] {0.4f, 0.4f, 0.2f}),
        "a tie lost to a lower class index is not the predicted class");
    assertTrue(target.matched(0, new float[] {0.78f, 0.17f, 0.05f}));
    assertFalse(target.matched(0, new float[] {0.9f, 0.05f, 0.05f}));
  }

  @Test
  void aRowAlreadyAtItsTargetIsReportedAsALeak() {
    // A near-certain teacher: y' is within epsilon of f(x), so the search does not move x.
    SoftmaxLinearModel model =
        new SoftmaxLinearModel(new float[][] {{20, 0}, {-20, 0}}, new float[] {0, 0});
    FeatureSchema schema = FeatureSchema.unitBox(2);
    List<Counterfactual> results =
        new CounterfactualGenerator(TestData.options())
            .generate(model, null, schema, new float[][] {{0.9f, 0.5f}}, new int[] {0}, null, 1);
    Counterfactual cf = results.get(0);
    assertTrue(cf.success());
    assertTrue(cf.unchanged());
    assertFalse(cf.usable());
    assertArrayEquals(new float[] {0.9f, 0.5f}, cf.x());
  }

  @Test
  void autoPicksBySearchableCapabilityAndExplicitMethodsCheckIt() {
    CounterfactualOptions options = TestData.options();
    assertEquals(Method.AUTO, options.method());
    Model opaque =
        new Model() {
          @Override
          public int numFeatures() {
            return 2;
          }

          @Override
          public int numClasses() {
            return 2;
          }

          @Override
          public float[][] predictProba(float[][] x) {
            return new float[x.length][];
          }

          @Override
          public ModelSnapshot snapshot() {
            return null;
          }
        };
    SoftmaxLinearModel linear = SoftmaxLinearModel.random(2, 2, 1);
    assertEquals("pso", new CounterfactualGenerator(options).searchFor(opaque).name());
    assertEquals("gradient", new CounterfactualGenerator(options).searchFor(linear).name());
    assertEquals(
        "cmaes",
        new CounterfactualGenerator(options.withMethod(Method.CMAES)).searchFor(linear).name());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CounterfactualGenerator(options.withMethod(Method.GRADIENT)).searchFor(opaque));
    assertTrue(
        e.getMessage().contains("coopdistill.counterfactual.method = gradient"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new CounterfactualGenerator(options.withMethod(Method.TREE_EXACT)).searchFor(linear));
  }

  @Test
  void objectiveModelOptionPicksWhoseOutputIsSearched() {
    SoftmaxLinearModel teacher = SoftmaxLinearModel.random(2, 4, 1);
    FeatureSchema schema = FeatureSchema.unitBox(4);
    TestData.Rows rows = TestData.teachableRows(teacher, schema, 5, 0.85, 1);
    CounterfactualOptions student =
        CounterfactualOptions.fromConfig(
            ConfigFactory.parseString("coopdistill.counterfactual.objective-model = student")
                .withFallback(ConfigFactory.load()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CounterfactualGenerator(student)
                .generate(teacher, null, schema, rows.x(), rows.y(), null, 1));
    SoftmaxLinearModel other = SoftmaxLinearModel.random(2, 4, 2);
    other.probaCalls.set(0);
    new CounterfactualGenerator(student)
        .generate(teacher, other, schema, rows.x(), rows.y(), null, 1);
    assertTrue(other.probaCalls.get() > 0, "the student's output was searched");
  }

  @Test
  void badOptionsNameTheirKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CounterfactualOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.counterfactual.alpha = 1.5")
                        .withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("coopdistill.counterfactual.alpha"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CounterfactualOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.counterfactual.method = annealing")
                        .withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("auto, gradient, pso, cmaes, tree-exact"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new LambdaSchedule(1, 1, 10));
    assertTrue(e.getMessage().contains("lambda.growth"), e.getMessage());
    assertEquals(9, new LambdaSchedule(1, 3, 10000).rounds());
  }
}
