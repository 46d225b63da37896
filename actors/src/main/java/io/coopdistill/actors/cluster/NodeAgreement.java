package io.coopdistill.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.ServiceKey;
import io.coopdistill.actors.serialization.CborSerializable;
import java.util.List;

/**
 * A learner node's side of agreeing before work: registered with the receptionist under
 * {@link #KEY}, it answers a coordinator's {@link Check} with the differences between the
 * coordinator's {@link Fingerprint} and its own (none: agreed). The coordinator starts no work
 * until every node hosting a site has agreed, and fails the run at once, naming the keys, when one
 * has not; the node logs the refusal too, so that both sides say why.
 */
public final class NodeAgreement {
  private NodeAgreement() {}

  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "coopdistill-node");

  public sealed interface Command extends CborSerializable permits Check {}

  /** The coordinator's fingerprint; answered with {@link Answer}. */
  public record Check(Fingerprint coordinator, ActorRef<Answer> replyTo) implements Command {}

  /**
   * @param sites       the sites the node hosts
   * @param differences one line per differing key ({@link Fingerprint#differences}); empty: agreed
   */
  public record Answer(List<String> sites, List<String> differences) implements CborSerializable {
    public Answer {
      sites = List.copyOf(sites);
      differences = List.copyOf(differences);
    }
  }

  static Behavior<Command> create(Fingerprint mine, List<String> sites) {
    return Behaviors.setup(context -> Behaviors.receive(Command.class)
        .onMessage(Check.class, m -> {
          List<String> differences = m.coordinator().differences(mine);
          if (!differences.isEmpty()) {
            context.getLog().error("refusing to work for the coordinator at {}: its scenario, configuration or data differ from this node's: {}",
                m.replyTo().path().address(), String.join("; ", differences));
          }
          m.replyTo().tell(new Answer(sites, differences));
          return Behaviors.same();
        })
        .build());
  }
}
