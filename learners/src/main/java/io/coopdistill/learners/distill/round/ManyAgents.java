package io.coopdistill.learners.distill.round;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.curriculum.StudentCurriculum;

/**
 * The bounds of a many-agent round ({@link TeachingPlan}); documented defaults in {@code
 * conf/distillation.conf} under {@value #PATH}. A round of at most {@code allPairsUpTo} learners is
 * the paper's all-pairs round and none of the other settings applies.
 *
 * @param allPairsUpTo the most learners a round teaches all ordered pairs at every site
 * @param candidates peers whose R(i→j) each student measures, drawn with the round's seed
 * @param teachers of those, how many teach the student (m)
 * @param choice which m: the largest R(i→j), or drawn in proportion to it
 * @param studentBudget the most virtual instances a student studies per round (drawn with the
 *     round's seed before set cover); 0 = all it received
 */
public record ManyAgents(
    int allPairsUpTo, int candidates, int teachers, TeacherChoice.Rule choice, int studentBudget) {

  public static final String PATH = DistillationOptions.PATH + ".many-agents";

  public ManyAgents {
    require(allPairsUpTo >= 2, PATH + ".all-pairs-up-to", "≥ 2", allPairsUpTo);
    require(teachers >= 1, PATH + ".teachers", "≥ 1", teachers);
    require(
        candidates >= teachers, PATH + ".candidates", "≥ teachers (" + teachers + ")", candidates);
    require(choice != null, PATH + ".choice", "largest or proportional", choice);
    require(studentBudget >= 0, PATH + ".student-budget", "≥ 0 (0 = unlimited)", studentBudget);
  }

  /** The defaults of {@code conf/distillation.conf}. */
  public static ManyAgents standard() {
    return new ManyAgents(16, 32, 16, TeacherChoice.Rule.LARGEST, 2000);
  }

  /** Whether a round of {@code learners} is bounded (more learners than {@link #allPairsUpTo}). */
  public boolean bounds(int learners) {
    return learners > allPairsUpTo;
  }

  /**
   * What student {@code student} studies of what it received in a round of {@code learners} with
   * seed {@code roundSeed}: everything in the all-pairs round, else at most {@link #studentBudget}
   * instances drawn with its own seed.
   */
  public StudentCurriculum.Budget budgetOf(int learners, int student, long roundSeed) {
    return bounds(learners)
        ? new StudentCurriculum.Budget(
            studentBudget, Seeds.derive(roundSeed, Seeds.Phase.STUDY, student))
        : StudentCurriculum.Budget.ALL;
  }

  static ManyAgents fromConfig(Config root) {
    return ConfigSections.read(
        root,
        PATH,
        c ->
            new ManyAgents(
                c.getInt("all-pairs-up-to"),
                c.getInt("candidates"),
                c.getInt("teachers"),
                ConfigEnums.parse(
                    TeacherChoice.Rule.class, c.getString("choice"), PATH + ".choice"),
                c.getInt("student-budget")));
  }
}
