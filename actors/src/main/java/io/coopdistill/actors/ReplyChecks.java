package io.coopdistill.actors;

import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.TeacherChoice;
import io.coopdistill.learners.distill.round.TeachingPlan;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How a {@link PhaseBarrier} reads a learner's own answer: the learner and phase it is for, and
 * whether it is well formed. A malformed answer fails the run, so the checks name what is wrong.
 */
final class ReplyChecks {
  private ReplyChecks() {}

  /**
   * The learner that answered a step of its own (every reply but the teaching ones and rejections).
   */
  static int learner(LearnerProtocol.Reply reply) {
    if (reply instanceof LearnerProtocol.Trained t) return t.learner();
    if (reply instanceof LearnerProtocol.Identified d) return d.learner();
    if (reply instanceof LearnerProtocol.Studied s) return s.learner();
    if (reply instanceof LearnerProtocol.Retrained r) return r.learner();
    if (reply instanceof LearnerProtocol.Evaluated e) return e.learner();
    if (reply instanceof LearnerProtocol.Failed f) return f.learner();
    throw new IllegalArgumentException("not a learner's own answer: " + reply);
  }

  /** The phase a successful step's answer closes. */
  static RoundPhase phase(LearnerProtocol.Reply reply) {
    if (reply instanceof LearnerProtocol.Trained) return RoundPhase.BASELINE_TRAINING;
    if (reply instanceof LearnerProtocol.Identified) return RoundPhase.DEFICIENCY_IDENTIFICATION;
    if (reply instanceof LearnerProtocol.Studied) return RoundPhase.SET_COVER;
    if (reply instanceof LearnerProtocol.Retrained) return RoundPhase.RETRAINING;
    if (reply instanceof LearnerProtocol.Evaluated) return RoundPhase.EVALUATION;
    throw new IllegalArgumentException("not a successful step's answer: " + reply);
  }

  /**
   * What is wrong with a learner's answer among {@code names.size()} learners in a round of {@code
   * plan}, or null.
   */
  static String problem(LearnerProtocol.Reply reply, List<String> names, TeachingPlan plan) {
    int k = names.size();
    if (reply instanceof LearnerProtocol.Identified d) {
      String problem = checkDeficiencies(d.reports(), k, plan.pairsAt(d.learner()));
      return problem == null
          ? null
          : "learner " + names.get(d.learner()) + " sent a bad deficiency report: " + problem;
    }
    if (reply instanceof LearnerProtocol.Studied s && s.keptByTeacher().length != k) {
      return "learner "
          + names.get(s.learner())
          + " reported kept instances for "
          + s.keptByTeacher().length
          + " teachers, not "
          + k;
    }
    if (reply instanceof LearnerProtocol.Studied s
        && s.audit() != null
        && s.audit().site() != s.learner()) {
      return "learner "
          + names.get(s.learner())
          + " sent the privacy audit of site "
          + s.audit().site();
    }
    return null;
  }

  /**
   * One report per ordered pair (i, j) the round's plan finds at the site ({@code expected}), all
   * from one site: anything else is malformed.
   */
  static String checkDeficiencies(List<DeficiencyReport> reports, int k, List<int[]> expected) {
    if (reports.size() != expected.size()) {
      return (reports.isEmpty() ? "it is empty" : "it has " + reports.size() + " entries")
          + "; expected one per ordered pair of the round's plan, "
          + expected.size();
    }
    Set<Integer> known = expected.stream().map(p -> p[0] * k + p[1]).collect(Collectors.toSet());
    boolean[] seen = new boolean[k * k];
    for (DeficiencyReport r : reports) {
      if (r.teacher() < 0
          || r.teacher() >= k
          || r.student() < 0
          || r.student() >= k
          || !known.contains(r.teacher() * k + r.student())) {
        return "unknown pair " + r.teacher() + "→" + r.student();
      }
      if (seen[r.teacher() * k + r.student()])
        return "pair " + r.teacher() + "→" + r.student() + " twice";
      seen[r.teacher() * k + r.student()] = true;
      if (!r.site().equals(reports.get(0).site()))
        return "reports from two sites, " + reports.get(0).site() + " and " + r.site();
    }
    return null;
  }

  /**
   * One lesson per student the teacher teaches at {@code site} in a round of {@code plan} and
   * {@code choice}.
   */
  static String checkLessons(
      int site, int teacher, List<LessonReport> reports, TeachingPlan plan, TeacherChoice choice) {
    Set<Integer> expected =
        IntStream.of(plan.studentsAt(site, teacher))
            .filter(j -> choice.teaches(teacher, j))
            .boxed()
            .collect(Collectors.toSet());
    Set<Integer> students = reports.stream().map(LessonReport::student).collect(Collectors.toSet());
    if (reports.size() != expected.size() || !students.equals(expected)) {
      return "lessons for students "
          + reports.stream().map(r -> String.valueOf(r.student())).toList()
          + "; expected one for each student it teaches, "
          + expected.stream().sorted().toList();
    }
    return null;
  }
}
