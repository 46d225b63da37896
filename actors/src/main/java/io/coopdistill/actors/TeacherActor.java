package io.coopdistill.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Deficiency;
import io.coopdistill.learners.distill.Lesson;
import io.coopdistill.learners.distill.LessonReport;
import io.coopdistill.learners.distill.SiteTeaching;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Teacher i at site k: a child of site k's learner actor, running on a dedicated dispatcher, that
 * turns the site's rows of R_k(i→j) into quintessential counterfactuals with teacher i's model
 * ({@link SiteTeaching#teach}), sends each student its {@link Lesson} and the supervisor the
 * lessons' counts, then stops. The rows and models come through {@link #create}, never through a
 * message, so they stay on the site's node.
 */
public final class TeacherActor extends AbstractBehavior<TeacherActor.Command> {

  public sealed interface Command {}

  /** Start teaching (sent to itself on start, so that the work runs on the teacher's dispatcher). */
  public enum Teach implements Command, CborSerializable { INSTANCE }

  /** What the teacher needs from its site; held by the behaviour only. */
  public record Assignment(int round, long roundSeed, int site, Dataset data, int teacher, List<Deficiency> deficiencies,
                           List<Model> models, PixelMask mask, CounterfactualGenerator generator) {}

  private final Assignment work;
  private final List<ActorRef<LearnerActor.Command>> students;
  private final ActorRef<LearnerActor.Reply> replyTo;

  public static Behavior<Command> create(Assignment work, List<ActorRef<LearnerActor.Command>> students,
                                         ActorRef<LearnerActor.Reply> replyTo) {
    return Behaviors.setup(context -> {
      context.getSelf().tell(Teach.INSTANCE);
      return new TeacherActor(context, work, students, replyTo);
    });
  }

  private TeacherActor(ActorContext<Command> context, Assignment work, List<ActorRef<LearnerActor.Command>> students,
                       ActorRef<LearnerActor.Reply> replyTo) {
    super(context);
    this.work = work;
    this.students = List.copyOf(students);
    this.replyTo = replyTo;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Teach.class, t -> onTeach()).build();
  }

  private Behavior<Command> onTeach() {
    getContext().getLog().debug("site {} teacher {} round {}: {} deficiencies on {}", work.site(), work.teacher(),
        work.round(), work.deficiencies().size(), Thread.currentThread().getName());
    List<Lesson> lessons;
    try {
      lessons = SiteTeaching.teach(work.site(), work.data(), work.teacher(), work.deficiencies(), work.models(),
          work.mask(), work.generator(), work.roundSeed());
    } catch (RuntimeException e) {
      getContext().getLog().error("site {} teacher {} failed", work.site(), work.teacher(), e);
      replyTo.tell(new LearnerActor.TeachingFailed(work.round(), work.site(), work.teacher(), LearnerActor.describe(e)));
      return Behaviors.stopped();
    }
    List<LessonReport> reports = new ArrayList<>(lessons.size());
    for (Lesson lesson : lessons) {
      students.get(lesson.student()).tell(new LearnerActor.Learn(work.round(), lesson, replyTo));
      reports.add(lesson.report());
    }
    replyTo.tell(new LearnerActor.Taught(work.round(), work.site(), work.teacher(), reports));
    return Behaviors.stopped();
  }
}
