package io.coopdistill.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.expertise.Deficiency;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.List;

/**
 * Teacher i at site k: a child of site k's learner actor, running on a dedicated dispatcher, that
 * turns the site's rows of R_k(i→j) into quintessential counterfactuals with teacher i's model
 * ({@link SiteTeaching#teach}), hands its lessons to the site's {@link Teaching}, which sends each
 * student one message with its teachers' lessons, and stops. The rows and models come through
 * {@link #create}, never through a message, so they stay on the site's node.
 */
public final class TeacherActor extends AbstractBehavior<TeacherActor.Command> {

  public sealed interface Command {}

  /** Start teaching (sent to itself on start, so that the work runs on the teacher's dispatcher). */
  public enum Teach implements Command, CborSerializable { INSTANCE }

  /** What the teacher needs from its site; held by the behaviour only. */
  public record Assignment(int round, long roundSeed, int site, Dataset data, int teacher, List<Deficiency> deficiencies,
                           List<Model> models, PixelMask mask, CounterfactualGenerator generator, SitePrivacy privacy) {}

  private final Assignment work;
  private final ActorRef<Teaching.Command> site;

  /** @param site the site's teaching of this round, which sends the lessons on */
  static Behavior<Command> create(Assignment work, ActorRef<Teaching.Command> site) {
    return Behaviors.setup(context -> {
      context.getSelf().tell(Teach.INSTANCE);
      return new TeacherActor(context, work, site);
    });
  }

  private TeacherActor(ActorContext<Command> context, Assignment work, ActorRef<Teaching.Command> site) {
    super(context);
    this.work = work;
    this.site = site;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Teach.class, t -> onTeach()).build();
  }

  private Behavior<Command> onTeach() {
    getContext().getLog().debug("site {} teacher {} round {}: {} deficiencies on {}", work.site(), work.teacher(),
        work.round(), work.deficiencies().size(), Thread.currentThread().getName());
    try {
      site.tell(new Teaching.TeacherDone(work.round(), work.teacher(), SiteTeaching.teach(work.site(), work.data(), work.teacher(),
          work.deficiencies(), work.models(), work.mask(), work.generator(), work.privacy(), work.roundSeed())));
    } catch (RuntimeException e) {
      getContext().getLog().error("site {} teacher {} failed", work.site(), work.teacher(), e);
      site.tell(new Teaching.TeacherFailed(work.round(), work.teacher(), LearnerActor.describe(e)));
    }
    return Behaviors.stopped();
  }
}
