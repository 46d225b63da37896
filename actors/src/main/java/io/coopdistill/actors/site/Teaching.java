package io.coopdistill.actors.site;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.coopdistill.actors.site.LearnerProtocol.Learn;
import io.coopdistill.actors.site.LearnerProtocol.Reply;
import io.coopdistill.actors.site.LearnerProtocol.Sent;
import io.coopdistill.actors.site.LearnerProtocol.Taught;
import io.coopdistill.actors.site.LearnerProtocol.TeachersWorking;
import io.coopdistill.actors.site.LearnerProtocol.TeachingFailed;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.SiteTeaching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One {@link LearnerProtocol.Teach} at a site: a short-lived child of the site's learner actor that
 * spawns a {@link TeacherActor} per teacher, collects their lessons, then sends each student one
 * {@link Learn} with all of them (so a round sends k² lesson messages, not k³), reports {@link
 * Taught} for the teachers that finished and stops. It tells the learner actor what each teacher
 * sent, for the site's privacy audit. A teacher that fails is reported at once with {@link
 * TeachingFailed}; its retry is a Teach, and a Teaching, of its own. While teachers search (or wait
 * for a thread), it tells the barrier so every heartbeat ({@link TeachersWorking}).
 */
final class Teaching extends AbstractBehavior<Teaching.Command> {

  sealed interface Command permits FromTeacher, Beat {}

  /** A teacher's outcome, through the message adapter the teachers answer. */
  record FromTeacher(TeacherActor.Outcome outcome)
      implements Command, NoSerializationVerificationNeeded {}

  /** Time to tell the barrier which teachers are still searching. */
  enum Beat implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private final int round;
  private final int site;
  private final List<ActorRef<LearnerProtocol.Command>> learners;
  private final ActorRef<Reply> replyTo;
  private final ActorRef<LearnerProtocol.Command> learner;
  private final LessonSink sentLessons;
  private final Set<Integer> running = new TreeSet<>();
  private final List<Integer> done = new ArrayList<>();
  private final List<LessonReport> reports = new ArrayList<>();
  private final Map<Integer, List<Lesson>> byStudent = new TreeMap<>();

  /**
   * @param assignments one per teacher of the batch, all of one round at one site
   * @param learners every learner actor, indexed like the learners: the students lessons go to
   * @param replyTo where the reports go; also where a student rejects bad lessons
   * @param learner the site's learner actor, told what each teacher sent (for its privacy audit)
   * @param sentLessons told of every lesson as it is sent to its student (the run's record of what
   *     left the site)
   * @param heartbeat how often it tells {@code replyTo} which teachers are still searching
   */
  static Behavior<Command> create(
      List<TeacherActor.Assignment> assignments,
      List<ActorRef<LearnerProtocol.Command>> learners,
      ActorRef<Reply> replyTo,
      ActorRef<LearnerProtocol.Command> learner,
      LessonSink sentLessons,
      Duration heartbeat) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  Teaching teaching =
                      new Teaching(
                          context, assignments.get(0), learners, replyTo, learner, sentLessons);
                  ActorRef<TeacherActor.Outcome> outcomes =
                      context.messageAdapter(TeacherActor.Outcome.class, FromTeacher::new);
                  for (int i = 0; i < assignments.size(); i++) {
                    TeacherActor.Assignment work = assignments.get(i);
                    teaching.running.add(work.teacher());
                    context.spawn(
                        TeacherActor.create(work, outcomes),
                        "teacher-" + work.teacher() + "-round-" + work.round() + "-" + i,
                        DispatcherSelector.fromConfig(work.dispatcher()));
                  }
                  timers.startTimerWithFixedDelay(Beat.INSTANCE, heartbeat);
                  return teaching;
                }));
  }

  private Teaching(
      ActorContext<Command> context,
      TeacherActor.Assignment first,
      List<ActorRef<LearnerProtocol.Command>> learners,
      ActorRef<Reply> replyTo,
      ActorRef<LearnerProtocol.Command> learner,
      LessonSink sentLessons) {
    super(context);
    this.round = first.round();
    this.site = first.site();
    this.learners = learners;
    this.replyTo = replyTo;
    this.learner = learner;
    this.sentLessons = sentLessons;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromTeacher.class, m -> onOutcome(m.outcome()))
        .onMessageEquals(Beat.INSTANCE, this::onBeat)
        .build();
  }

  private Behavior<Command> onOutcome(TeacherActor.Outcome outcome) {
    if (!running.remove(outcome.teacher())) return this;
    if (outcome instanceof TeacherActor.Lessons taught) {
      done.add(taught.teacher());
      List<Lesson> sent = new ArrayList<>();
      for (Lesson lesson : taught.taught().lessons()) {
        reports.add(lesson.report());
        // An empty lesson teaches nothing and is not sent; its counts reach the supervisor in the
        // report.
        if (lesson.size() == 0) continue;
        sent.add(lesson);
        byStudent.computeIfAbsent(lesson.student(), j -> new ArrayList<>()).add(lesson);
      }
      // The rows behind the instances travel with the lessons sent, to the site's audit only.
      SiteTeaching.Taught all = taught.taught();
      learner.tell(
          new Sent(
              round, taught.teacher(), new SiteTeaching.Taught(sent, all.sources(), all.behind())));
    } else if (outcome instanceof TeacherActor.Failed failed) {
      replyTo.tell(new TeachingFailed(round, site, failed.teacher(), failed.error()));
    }
    return running.isEmpty() ? finish() : this;
  }

  private Behavior<Command> onBeat() {
    replyTo.tell(new TeachersWorking(round, site, List.copyOf(running)));
    return this;
  }

  /** Once no teacher of the batch is running: one message per student, one report, and stop. */
  private Behavior<Command> finish() {
    byStudent.forEach(
        (j, lessons) -> {
          lessons.forEach(lesson -> sentLessons.sent(round, lesson));
          learners.get(j).tell(new Learn(round, site, List.copyOf(lessons), replyTo));
        });
    if (!done.isEmpty())
      replyTo.tell(new Taught(round, site, List.copyOf(done), List.copyOf(reports)));
    return Behaviors.stopped();
  }
}
