package io.coopdistill.actors;

import akka.actor.typed.ActorRef;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundAccounting;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.TeacherChoice;
import io.coopdistill.learners.distill.round.TeachingPlan;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run of the {@link Supervisor} has gathered: the finished rounds' results, the current
 * round, the answers its phase barriers accepted (by work item, so that a retried step's answer
 * replaces the first) and the round's {@link RoundAccounting}. Held by the supervisor only.
 */
final class RunState {
  final Supervisor.Run request;
  final List<DistillationResult> results = new ArrayList<>();
  final ModelSnapshot[] snapshots;
  private final List<String> names;
  private final List<boolean[][]> masks;
  private final double[] bestValidation;
  int round = 1;
  long roundSeed;
  RoundAccounting accounting;
  RoundPhase phase;

  /** The current phase's barrier and its number (reports of earlier barriers are ignored). */
  int barrier;

  ActorRef<PhaseBarrier.Command> phaseBarrier;
  private final TreeMap<Integer, List<DeficiencyReport>> deficiencies = new TreeMap<>();

  /** Each student's teachers, chosen once the round's deficiencies are reported. */
  private TeacherChoice choice = TeacherChoice.EVERY_PAIR;

  private final TreeMap<WorkItem, List<LessonReport>> lessons = new TreeMap<>();
  private final TreeMap<Integer, int[]> kept = new TreeMap<>();
  private final TreeMap<Integer, LearnerProtocol.Evaluated> evaluations = new TreeMap<>();

  /** Which of the run's curriculum variants the students study now (index into the request's). */
  int studying;

  /** The round's lessons studied under each further curriculum variant, once studied. */
  final Map<CurriculumVariant, DistillationResult> alsoStudied =
      new EnumMap<>(CurriculumVariant.class);

  private RoundAccounting firstStudy;

  RunState(Supervisor.Run request, List<String> names) {
    this.request = request;
    this.names = names;
    int k = names.size();
    this.snapshots = new ModelSnapshot[k];
    this.masks = new ArrayList<>(Collections.nCopies(k, null));
    this.bestValidation = new double[k];
    this.roundSeed = request.seed();
    Arrays.fill(bestValidation, Double.NaN);
  }

  /** A new round: new accounting, no answers yet. */
  void startRound() {
    accounting = new RoundAccounting(names, roundSeed);
    deficiencies.clear();
    choice = TeacherChoice.EVERY_PAIR;
    lessons.clear();
    kept.clear();
    evaluations.clear();
  }

  /** Keeps an answer a barrier accepted. */
  void accept(LearnerProtocol.Reply reply) {
    if (reply instanceof LearnerProtocol.Trained t) {
      snapshots[t.learner()] = t.snapshot();
      masks.set(t.learner(), t.mask());
    } else if (reply instanceof LearnerProtocol.Identified d) {
      deficiencies.put(d.learner(), d.reports());
    } else if (reply instanceof LearnerProtocol.Taught t) {
      lessons.put(new WorkItem(t.site(), t.teachers().get(0)), t.reports());
    } else if (reply instanceof LearnerProtocol.Studied s) {
      kept.put(s.learner(), s.keptByTeacher());
      if (s.audit() != null) accounting.audit(s.audit());
    } else if (reply instanceof LearnerProtocol.Retrained r) {
      snapshots[r.learner()] = r.snapshot();
      if (r.accepted() != null) accounting.accepted(r.learner(), r.accepted());
    } else if (reply instanceof LearnerProtocol.Evaluated e) {
      evaluations.put(e.learner(), e);
    }
  }

  /** The current phase is complete after {@code seconds}: account for it. */
  void phaseDone(double seconds) {
    accounting.phase(phase, seconds);
    switch (phase) {
      case DEFICIENCY_IDENTIFICATION -> {
        deficiencies.values().forEach(reports -> reports.forEach(accounting::deficiency));
        choice = plan().choose(deficiencies.values().stream().flatMap(List::stream).toList());
      }
      case COUNTERFACTUALS ->
          lessons.values().forEach(reports -> reports.forEach(accounting::lesson));
      case SET_COVER -> kept.forEach(accounting::curriculum);
      default -> {}
    }
  }

  /**
   * Accounts for the round's evaluations and keeps each learner's best validation accuracy.
   *
   * @return whether any learner has validation data and whether one of them beat its best so far
   */
  Validation evaluated() {
    boolean any = false;
    boolean improved = false;
    for (var e : evaluations.entrySet()) {
      int i = e.getKey();
      LearnerProtocol.Evaluated v = e.getValue();
      accounting.accuracy(i, v.baselineAccuracy(), v.distilledAccuracy());
      accounting.balancedAccuracy(i, v.baselineBalancedAccuracy(), v.distilledBalancedAccuracy());
      if (Double.isNaN(v.validationAfter()) || studying > 0) continue;
      any = true;
      double best = Double.isNaN(bestValidation[i]) ? v.validationBefore() : bestValidation[i];
      if (v.validationAfter() > best) improved = true;
      bestValidation[i] = Math.max(best, v.validationAfter());
    }
    return new Validation(any, improved);
  }

  record Validation(boolean any, boolean improved) {}

  /** The curriculum variant the students study now. */
  CurriculumVariant curriculum() {
    return request.curricula().get(studying);
  }

  /** Whether the run asked for a curriculum variant the students have not studied yet. */
  boolean moreToStudy() {
    return studying + 1 < request.curricula().size();
  }

  /**
   * The current round's students have studied the current curriculum variant: keeps its result,
   * made from {@link #accounting} off the supervisor's thread.
   */
  void studied(DistillationResult result) {
    if (studying == 0) results.add(result);
    else alsoStudied.put(curriculum(), result);
  }

  /**
   * Starts the next curriculum variant: its accounting starts as the round's, up to and including
   * the counterfactuals; the students study the same lessons again.
   */
  void studyNext() {
    if (studying == 0) firstStudy = accounting;
    studying++;
    accounting = firstStudy.studiedAgain();
    kept.clear();
    evaluations.clear();
  }

  /** The current round's plan: which sites score which models and teach as which teachers. */
  TeachingPlan plan() {
    return TeachingPlan.of(snapshots.length, request.bounds(), roundSeed);
  }

  /**
   * What the learners are told in the current phase, fixed now: the phase's barrier builds the
   * commands.
   */
  Orders orders(List<ActorRef<LearnerProtocol.Command>> learners) {
    int[] expectedLessons = new int[snapshots.length];
    // Teachers send only lessons with virtual instances in them (the reports count the rest).
    lessons
        .values()
        .forEach(
            reports ->
                reports.stream()
                    .filter(r -> r.sent() > 0)
                    .forEach(r -> expectedLessons[r.student()]++));
    return new Orders(
        round,
        request.seed(),
        roundSeed,
        request.privacy(),
        Collections.unmodifiableList(Arrays.asList(snapshots.clone())),
        Collections.unmodifiableList(new ArrayList<>(masks)),
        choice,
        expectedLessons,
        curriculum(),
        learners);
  }

  record Orders(
      int round,
      long seed,
      long roundSeed,
      PrivacyOptions privacy,
      List<ModelSnapshot> snapshots,
      List<boolean[][]> masks,
      TeacherChoice choice,
      int[] expectedLessons,
      CurriculumVariant curriculum,
      List<ActorRef<LearnerProtocol.Command>> learners) {

    /** The command for {@code items}, all at one site: the first send and a retry alike. */
    LearnerProtocol.Command commandFor(
        RoundPhase phase, List<WorkItem> items, ActorRef<LearnerProtocol.Reply> replyTo) {
      return switch (phase) {
        case BASELINE_TRAINING -> new LearnerProtocol.Train(round, seed, privacy, replyTo);
        case DEFICIENCY_IDENTIFICATION ->
            new LearnerProtocol.Identify(round, roundSeed, snapshots, replyTo);
        case COUNTERFACTUALS ->
            new LearnerProtocol.Teach(
                round,
                roundSeed,
                items.stream().map(WorkItem::teacher).toList(),
                masks,
                choice,
                learners,
                replyTo);
        case SET_COVER ->
            new LearnerProtocol.Study(
                round, expectedLessons[items.get(0).site()], curriculum, replyTo);
        case RETRAINING -> new LearnerProtocol.Retrain(round, seed, replyTo);
        case EVALUATION -> new LearnerProtocol.Evaluate(round, replyTo);
      };
    }
  }
}
