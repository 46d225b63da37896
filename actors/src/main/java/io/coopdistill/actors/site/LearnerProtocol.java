package io.coopdistill.actors.site;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import io.coopdistill.actors.serialization.CborSerializable;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.distill.round.TeacherChoice;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.learners.privacy.audit.SiteAudit;
import java.util.List;

/**
 * What a {@link LearnerActor} takes ({@link Command}) and answers ({@link Reply}), in the order of
 * a round. The commands and replies are CBOR records that may cross nodes; none carries a training
 * row. The learner's own events (a step's result, its heartbeat, what its teachers sent) are
 * package-private records, never serialised.
 */
public final class LearnerProtocol {
  private LearnerProtocol() {}

  // ---- commands -------------------------------------------------------------------------------

  public sealed interface Command
      permits Train,
          Identify,
          Teach,
          Learn,
          Study,
          Retrain,
          Evaluate,
          StepDone,
          StepFailed,
          Beat,
          Sent {}

  /**
   * A run's first step, round 1's baseline: train on the site's own data with {@code
   * Seeds.derive(seed, TRAINING, index)}. Forgets every earlier run.
   *
   * @param privacy the run's privacy options: the guard every search of the run respects and the
   *     settings of the site's privacy audit (a run may search under other options than the ones
   *     configured, e.g. the paper's unguarded search)
   */
  public record Train(int round, long seed, PrivacyOptions privacy, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /**
   * Score the site's rows with every learner's snapshot (indexed like the learners) and report
   * R_k(i→j).
   */
  public record Identify(
      int round, long roundSeed, List<ModelSnapshot> snapshots, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /**
   * Have a teacher actor for each of {@code teachers} teach from this site's deficiencies the
   * students {@code choice} gives it (one {@link Teaching} child per Teach).
   *
   * @param masks each teacher's pixel mask ({@code movable[class][column]}) or null, indexed like
   *     the learners
   * @param choice each student's teachers, chosen from every site's deficiency reports
   * @param learners every learner actor, indexed like the learners: the students lessons go to
   */
  public record Teach(
      int round,
      long roundSeed,
      List<Integer> teachers,
      List<boolean[][]> masks,
      TeacherChoice choice,
      List<ActorRef<Command>> learners,
      ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /**
   * The lessons one site's teachers made for this learner as a student, in one message (so a round
   * sends k² messages, not k³); a bad one is answered with {@link Rejected} to {@code replyTo} and
   * none of them is kept.
   */
  public record Learn(int round, int site, List<Lesson> lessons, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /**
   * Build the round's curriculum (set cover) once {@code expectedLessons} distinct lessons are
   * here: lessons come from many teachers and are not ordered with this message. The students study
   * under {@code curriculum}; a round may ask them again, under another variant, from the same
   * lessons.
   */
  public record Study(
      int round, int expectedLessons, CurriculumVariant curriculum, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /**
   * Retrain from scratch on own data, earlier rounds' kept instances and this round's curriculum.
   */
  public record Retrain(int round, long seed, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /**
   * Test and validation accuracy (and balanced test accuracy) of the round's starting model and of
   * the retrained one.
   */
  public record Evaluate(int round, ActorRef<Reply> replyTo) implements Command, CborSerializable {}

  // ---- the learner's own events (local only: they hold models and private rows) ----------------

  /** A blocking step finished with {@code result}. */
  record StepDone(Object result) implements Command, NoSerializationVerificationNeeded {}

  /** A blocking step threw {@code cause}. */
  record StepFailed(Throwable cause) implements Command, NoSerializationVerificationNeeded {}

  /** Time to tell the step's barrier that the learner is still at work. */
  enum Beat implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /**
   * From this site's {@link Teaching}: the lessons teacher {@code teacher} sent (none empty), for
   * the site's privacy audit.
   */
  record Sent(int round, int teacher, SiteTeaching.Taught taught)
      implements Command, NoSerializationVerificationNeeded {}

  // ---- replies --------------------------------------------------------------------------------

  /**
   * Answers to the phase barrier of the command's phase, whatever the round, phase and item they
   * are for.
   */
  public sealed interface Reply {
    int round();
  }

  public record Trained(int round, int learner, ModelSnapshot snapshot, boolean[][] mask)
      implements Reply, CborSerializable {}

  public record Identified(int round, int learner, List<DeficiencyReport> reports)
      implements Reply, CborSerializable {}

  /**
   * Teachers {@code teachers} at this site have sent their lessons; the lessons' counts, for every
   * teacher.
   */
  public record Taught(int round, int site, List<Integer> teachers, List<LessonReport> reports)
      implements Reply, CborSerializable {}

  public record TeachingFailed(int round, int site, int teacher, String error)
      implements Reply, CborSerializable {}

  /**
   * @param audit the privacy audit of what this learner's site sent in the round: distances only,
   *     measured here, where the private rows are
   */
  public record Studied(int round, int learner, int[] keptByTeacher, SiteAudit audit)
      implements Reply, CborSerializable {}

  /**
   * @param snapshot the model the student keeps (its previous one where it refused the lesson)
   * @param accepted whether it kept the retrained model under accept = if-better; null where
   *     nothing was judged
   */
  public record Retrained(int round, int learner, ModelSnapshot snapshot, Boolean accepted)
      implements Reply, CborSerializable {}

  public record Evaluated(
      int round,
      int learner,
      double baselineAccuracy,
      double distilledAccuracy,
      double validationBefore,
      double validationAfter,
      double baselineBalancedAccuracy,
      double distilledBalancedAccuracy)
      implements Reply, CborSerializable {}

  /**
   * Learner {@code learner} is still at work on its step of {@code phase} (sent every {@code
   * coopdistill.actors.heartbeat} while the step runs or waits for a thread, and for each lesson
   * that reaches a student waiting to study): its barrier's timeout starts again.
   */
  public record Working(int round, int learner, RoundPhase phase)
      implements Reply, CborSerializable {}

  /**
   * Teachers {@code teachers} at site {@code site} are still searching: their barrier's timeouts
   * start again.
   */
  public record TeachersWorking(int round, int site, List<Integer> teachers)
      implements Reply, CborSerializable {}

  /** The step threw; the learner is unchanged and the step may be retried. */
  public record Failed(int round, int learner, RoundPhase phase, String error)
      implements Reply, CborSerializable {}

  /** The command was bad input and was ignored; retrying it would give the same answer. */
  public record Rejected(int round, int learner, String reason)
      implements Reply, CborSerializable {}

  /**
   * How an error reads in {@link Failed}, {@link Rejected} and {@link TeachingFailed}: its type and
   * message.
   */
  static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
