package io.coopdistill.learners.distill.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.curriculum.StudentCurriculum;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TeachingPlanTest {
  private static final ManyAgents BOUNDS =
      new ManyAgents(16, 6, 3, TeacherChoice.Rule.LARGEST, 100);

  @Test
  void upToTheBoundEverySiteScoresEveryModelAndFindsEveryPair() {
    TeachingPlan plan = TeachingPlan.of(16, BOUNDS, 1);
    assertTrue(plan.allPairs());
    assertArrayEquals(IntStream.range(0, 16).toArray(), plan.scoredAt(5));
    assertArrayEquals(IntStream.range(0, 16).toArray(), plan.teachersAt(5));
    assertEquals(16 * 15, plan.pairsAt(5).size());
    assertArrayEquals(IntStream.range(0, 16).toArray(), plan.teachingModelsAt(5, false));
    assertEquals(TeacherChoice.EVERY_PAIR, plan.choose(List.of()));
    assertEquals(StudentCurriculum.Budget.ALL, BOUNDS.budgetOf(16, 3, 1));
  }

  @Test
  void beyondItEachSiteScoresItsOwnAndCandidatesModelsAndTeachesAsItself() {
    int k = 50;
    TeachingPlan plan = TeachingPlan.of(k, BOUNDS, 1);
    assertFalse(plan.allPairs());
    int[] asCandidate = new int[k];
    for (int j = 0; j < k; j++) {
      int[] candidates = plan.candidatesOf(j);
      assertEquals(6, candidates.length);
      assertEquals(6, Arrays.stream(candidates).distinct().count());
      for (int i : candidates) {
        assertTrue(i != j && i >= 0 && i < k);
        asCandidate[i]++;
        // The candidate measures R_i(i→j) at its own site.
        final int student = j;
        assertTrue(
            plan.pairsAt(i).stream().anyMatch(p -> p[0] == i && p[1] == student),
            i + "→" + j + " is not found at site " + i);
      }
    }
    for (int site = 0; site < k; site++) {
      assertEquals(6, asCandidate[site], "every site is a candidate of exactly c students");
      assertEquals(7, plan.scoredAt(site).length, "its own model and c students'");
      assertEquals(6, plan.pairsAt(site).size());
      assertArrayEquals(new int[] {site}, plan.teachersAt(site));
      assertArrayEquals(
          new int[] {site},
          plan.teachingModelsAt(site, false),
          "a site teaches with its own model only");
      assertArrayEquals(
          plan.scoredAt(site),
          plan.teachingModelsAt(site, true),
          "and its students' with the student as objective");
    }
    assertArrayEquals(
        plan.candidatesOf(7),
        TeachingPlan.of(k, BOUNDS, 1).candidatesOf(7),
        "the round's seed fixes the plan");
    assertFalse(
        Arrays.equals(plan.candidatesOf(7), TeachingPlan.of(k, BOUNDS, 2).candidatesOf(7)),
        "another round, other candidates");
    assertEquals(100, BOUNDS.budgetOf(k, 3, 1).instances());
  }

  /** Reports of R(i→j) for every candidate pair of the plan, |R| given by {@code size}. */
  private static List<DeficiencyReport> reports(
      TeachingPlan plan, java.util.function.IntBinaryOperator size) {
    List<DeficiencyReport> reports = new ArrayList<>();
    for (int site = 0; site < plan.learners(); site++) {
      for (int[] pair : plan.pairsAt(site))
        reports.add(
            new DeficiencyReport(
                "site" + site, pair[0], pair[1], new int[] {size.applyAsInt(pair[0], pair[1])}));
    }
    return reports;
  }

  @Test
  void theLargestDeficienciesChooseTheTeachersAndEmptyOnesNever() {
    TeachingPlan plan = TeachingPlan.of(40, BOUNDS, 3);
    // |R(i→j)| = i + 1 for even i; odd candidates have nothing to teach.
    List<DeficiencyReport> reports = reports(plan, (i, j) -> i % 2 == 0 ? i + 1 : 0);
    TeacherChoice choice = plan.choose(reports);
    for (int j = 0; j < 40; j++) {
      int[] expected =
          Arrays.stream(plan.candidatesOf(j))
              .filter(i -> i % 2 == 0)
              .boxed()
              .sorted((a, b) -> Integer.compare(b, a))
              .limit(3)
              .mapToInt(Integer::intValue)
              .sorted()
              .toArray();
      assertArrayEquals(expected, choice.teachersOf()[j], "teachers of " + j);
      for (int i : plan.candidatesOf(j))
        assertEquals(Arrays.binarySearch(expected, i) >= 0, choice.teaches(i, j));
    }
  }

  @Test
  void proportionalChoiceDrawsMTeachersWithSomethingToTeachWithTheRoundsSeed() {
    ManyAgents proportional = new ManyAgents(16, 6, 3, TeacherChoice.Rule.PROPORTIONAL, 100);
    TeachingPlan plan = TeachingPlan.of(40, proportional, 3);
    List<DeficiencyReport> reports = reports(plan, (i, j) -> i % 3 == 0 ? 0 : 2 + i);
    TeacherChoice choice = plan.choose(reports);
    assertEquals(choice, TeachingPlan.of(40, proportional, 3).choose(reports));
    for (int j = 0; j < 40; j++) {
      long able = Arrays.stream(plan.candidatesOf(j)).filter(i -> i % 3 != 0).count();
      assertEquals(Math.min(3, able), choice.teachersOf()[j].length);
      for (int i : choice.teachersOf()[j])
        assertTrue(i % 3 != 0 && Arrays.binarySearch(plan.candidatesOf(j), i) >= 0);
    }
  }

  @Test
  void theBoundsAreReadFromConfigurationAndChecked() {
    ManyAgents standard = DistillationOptions.fromConfig(ConfigFactory.load()).manyAgents();
    assertEquals(ManyAgents.standard(), standard);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DistillationOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.distillation.many-agents.teachers = 40")
                        .withFallback(ConfigFactory.load())));
    assertTrue(
        e.getMessage().contains("coopdistill.distillation.many-agents.candidates"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DistillationOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.distillation.many-agents.choice = best")
                        .withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("largest or proportional"), e.getMessage());
  }
}
