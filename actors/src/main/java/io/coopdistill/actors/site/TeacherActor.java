package io.coopdistill.actors.site;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.coopdistill.actors.serialization.CborSerializable;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.distill.expertise.Deficiency;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.List;

/**
 * Teacher i at site k: a child of the site's {@link Teaching}, running on a dedicated dispatcher,
 * that turns the site's rows of R_k(i→j) into quintessential counterfactuals with teacher i's model
 * ({@link SiteTeaching#teach}), answers its {@link Outcome} and stops. The rows and models come
 * through {@link #create}, never through a message, so they stay on the site's node.
 */
final class TeacherActor extends AbstractBehavior<TeacherActor.Command> {

  /** CPU-bound counterfactual search: one teacher actor per thread, one thread per core. */
  static final String COUNTERFACTUAL_DISPATCHER = "coopdistill.dispatchers.counterfactual";

  /** Searches with a model on a GPU: one thread per device. */
  static final String GPU_DISPATCHER = "coopdistill.dispatchers.gpu";

  public sealed interface Command permits Teach {}

  /**
   * Start teaching (sent to itself on start, so that the work runs on the teacher's dispatcher).
   */
  public enum Teach implements Command, CborSerializable {
    INSTANCE
  }

  /** What the teacher answers its {@link Teaching}: its lessons, or why it has none. */
  sealed interface Outcome permits Lessons, Failed {
    int teacher();
  }

  record Lessons(int teacher, SiteTeaching.Taught taught)
      implements Outcome, NoSerializationVerificationNeeded {}

  record Failed(int teacher, String error) implements Outcome, NoSerializationVerificationNeeded {}

  /**
   * What the teacher needs from its site; held by the behaviour only.
   *
   * @param mask the teacher's pixel mask, or null
   * @param privacy the site's private rows and the run's guard, which every search respects
   */
  record Assignment(
      int round,
      long roundSeed,
      int site,
      Dataset data,
      int teacher,
      List<Deficiency> deficiencies,
      List<Model> models,
      PixelMask mask,
      CounterfactualGenerator generator,
      SitePrivacy privacy) {

    /** The dispatcher the teacher searches on: a GPU's when its model computes on one. */
    String dispatcher() {
      return models.get(teacher).onGpu() ? GPU_DISPATCHER : COUNTERFACTUAL_DISPATCHER;
    }
  }

  private final Assignment work;
  private final ActorRef<Outcome> site;

  /**
   * @param site where the outcome goes: the site's teaching of this round, which sends the lessons
   *     on
   */
  static Behavior<Command> create(Assignment work, ActorRef<Outcome> site) {
    return Behaviors.setup(
        context -> {
          context.getSelf().tell(Teach.INSTANCE);
          return new TeacherActor(context, work, site);
        });
  }

  private TeacherActor(ActorContext<Command> context, Assignment work, ActorRef<Outcome> site) {
    super(context);
    this.work = work;
    this.site = site;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Teach.class, t -> onTeach()).build();
  }

  private Behavior<Command> onTeach() {
    getContext()
        .getLog()
        .debug(
            "site {} teacher {} round {}: {} deficiencies on {}",
            work.site(),
            work.teacher(),
            work.round(),
            work.deficiencies().size(),
            Thread.currentThread().getName());
    try {
      site.tell(
          new Lessons(
              work.teacher(),
              SiteTeaching.teach(
                  work.site(),
                  work.data(),
                  work.teacher(),
                  work.deficiencies(),
                  work.models(),
                  work.mask(),
                  work.generator(),
                  work.privacy(),
                  work.roundSeed())));
    } catch (RuntimeException e) {
      getContext().getLog().error("site {} teacher {} failed", work.site(), work.teacher(), e);
      site.tell(new Failed(work.teacher(), LearnerProtocol.describe(e)));
    }
    return Behaviors.stopped();
  }
}
