package io.coopdistill.actors;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One {@link LearnerActor.Teach} at a site: a short-lived child of the site's learner actor that
 * spawns a {@link TeacherActor} per teacher, collects their lessons, then sends each student one
 * {@link LearnerActor.Learn} with all of them (so a round sends k² lesson messages, not k³),
 * reports {@link LearnerActor.Taught} for the teachers that finished and stops. It tells the
 * learner actor what each teacher sent, for the site's privacy audit. A teacher that fails is
 * reported at once with {@link LearnerActor.TeachingFailed}; its retry is a Teach, and a Teaching,
 * of its own.
 */
final class Teaching extends AbstractBehavior<Teaching.Command> {

  sealed interface Command {}

  // From this batch's teacher actors (children, same JVM).
  record TeacherDone(int round, int teacher, List<Lesson> lessons) implements Command, NoSerializationVerificationNeeded {}

  record TeacherFailed(int round, int teacher, String error) implements Command, NoSerializationVerificationNeeded {}

  private final int round;
  private final int site;
  private final List<ActorRef<LearnerActor.Command>> learners;
  private final ActorRef<LearnerActor.Reply> replyTo;
  private final ActorRef<LearnerActor.Command> learner;
  private final LessonSink sentLessons;
  private final Set<Integer> running = new TreeSet<>();
  private final List<Integer> done = new ArrayList<>();
  private final List<LessonReport> reports = new ArrayList<>();
  private final Map<Integer, List<Lesson>> byStudent = new TreeMap<>();

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(TeacherDone.class, this::onTeacherDone)
        .onMessage(TeacherFailed.class, this::onTeacherFailed)
        .build();
  }

  /**
   * @param assignments one per teacher of the batch, all of one round at one site
   * @param learners    every learner actor, indexed like the learners: the students lessons go to
   * @param replyTo     where the reports go; also where a student rejects bad lessons
   * @param learner     the site's learner actor, told what each teacher sent (for its privacy audit)
   * @param sentLessons told of every lesson as it is sent to its student (the run's record of what left the site)
   */
  static Behavior<Command> create(List<TeacherActor.Assignment> assignments, List<ActorRef<LearnerActor.Command>> learners,
                                  ActorRef<LearnerActor.Reply> replyTo, ActorRef<LearnerActor.Command> learner, LessonSink sentLessons) {
    return Behaviors.setup(context -> {
      Teaching teaching = new Teaching(context, assignments.get(0), learners, replyTo, learner, sentLessons);
      for (int i = 0; i < assignments.size(); i++) {
        TeacherActor.Assignment work = assignments.get(i);
        teaching.running.add(work.teacher());
        String dispatcher = work.models().get(work.teacher()).onGpu() ? RuntimeOptions.GPU_DISPATCHER : RuntimeOptions.COUNTERFACTUAL_DISPATCHER;
        context.spawn(TeacherActor.create(work, context.getSelf()), "teacher-" + work.teacher() + "-round-" + work.round() + "-" + i,
            DispatcherSelector.fromConfig(dispatcher));
      }
      return teaching;
    });
  }

  private Teaching(ActorContext<Command> context, TeacherActor.Assignment first, List<ActorRef<LearnerActor.Command>> learners,
                   ActorRef<LearnerActor.Reply> replyTo, ActorRef<LearnerActor.Command> learner, LessonSink sentLessons) {
    super(context);
    this.round = first.round();
    this.site = first.site();
    this.learners = learners;
    this.replyTo = replyTo;
    this.learner = learner;
    this.sentLessons = sentLessons;
  }

  private Behavior<Command> onTeacherDone(TeacherDone m) {
    if (!running.remove(m.teacher())) return this;
    done.add(m.teacher());
    learner.tell(new LearnerActor.Sent(round, m.teacher(), m.lessons()));
    for (Lesson lesson : m.lessons()) {
      reports.add(lesson.report());
      // An empty lesson teaches nothing; its counts reach the supervisor in the report.
      if (lesson.size() > 0) byStudent.computeIfAbsent(lesson.student(), j -> new ArrayList<>()).add(lesson);
    }
    return next();
  }

  private Behavior<Command> onTeacherFailed(TeacherFailed m) {
    if (!running.remove(m.teacher())) return this;
    replyTo.tell(new LearnerActor.TeachingFailed(round, site, m.teacher(), m.error()));
    return next();
  }

  /** Once no teacher of the batch is running: one message per student, one report, and stop. */
  private Behavior<Command> next() {
    if (!running.isEmpty()) return this;
    byStudent.forEach((j, lessons) -> {
      lessons.forEach(lesson -> sentLessons.sent(round, lesson));
      learners.get(j).tell(new LearnerActor.Learn(round, site, List.copyOf(lessons), replyTo));
    });
    if (!done.isEmpty()) replyTo.tell(new LearnerActor.Taught(round, site, List.copyOf(done), List.copyOf(reports)));
    return Behaviors.stopped();
  }
}
