package io.coopdistill.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.ServiceKey;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.coopdistill.actors.serialization.CborSerializable;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.distill.round.Site;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A learner node's side of agreeing before work: registered with the receptionist under {@link
 * #KEY}, it answers a coordinator's {@link Check} with the differences between the coordinator's
 * {@link Fingerprint} and its own (none: agreed). The coordinator starts no work until every node
 * hosting a site has agreed, and fails the run at once, naming the keys, when one has not; the node
 * logs the refusal too, so that both sides say why.
 *
 * <p>A node started without a list of sites offers every site of the trial it loaded (its {@code
 * candidates}) and hosts those the coordinator then {@link Assign}s it: it spawns their learner
 * actors as its children, stops those of an earlier assignment that are not in the new one, and
 * answers with the learners' references.
 */
public final class NodeAgreement {
  private NodeAgreement() {}

  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "coopdistill-node");

  public sealed interface Command extends CborSerializable permits Check, Assign {}

  /** The coordinator's fingerprint; answered with {@link Answer}. */
  public record Check(Fingerprint coordinator, ActorRef<Answer> replyTo) implements Command {}

  /**
   * @param hosted the sites the node hosts: those it was started with, or those it was last
   *     assigned
   * @param candidates the sites (in index order) a node started without a list of sites can be
   *     assigned; empty for a node started with one
   * @param differences one line per differing key ({@link Fingerprint#differences}); empty: agreed
   */
  public record Answer(List<String> hosted, List<String> candidates, List<String> differences)
      implements CborSerializable {
    public Answer {
      hosted = List.copyOf(hosted);
      candidates = List.copyOf(candidates);
      differences = List.copyOf(differences);
    }
  }

  /**
   * Host exactly the sites with these indices (into the candidates) for the coordinator's runs;
   * answered with {@link Assigned}.
   */
  public record Assign(List<Integer> sites, ActorRef<Assigned> replyTo) implements Command {
    public Assign {
      sites = List.copyOf(sites);
    }
  }

  /** The learner actors of an {@link Assign}'s sites, in its order. */
  public record Assigned(List<ActorRef<LearnerProtocol.Command>> learners)
      implements CborSerializable {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Assigned {
      learners = List.copyOf(learners);
    }
  }

  /** A node that hosts the sites it was started with. */
  static Behavior<Command> listed(Fingerprint mine, List<String> hosted) {
    return Behaviors.setup(
        context ->
            Behaviors.receive(Command.class)
                .onMessage(
                    Check.class,
                    m -> {
                      m.replyTo()
                          .tell(new Answer(hosted, List.of(), check(context.getLog(), m, mine)));
                      return Behaviors.same();
                    })
                .onMessage(
                    Assign.class,
                    m -> {
                      context
                          .getLog()
                          .error(
                              "refusing to host sites {} for {}: this node was started with its own list of sites ({})",
                              m.sites(),
                              m.replyTo().path().address(),
                              String.join(", ", hosted));
                      return Behaviors.same();
                    })
                .build());
  }

  /**
   * A node that hosts the sites a coordinator assigns it, out of {@code candidates}; {@code
   * learner} makes site {@code index}'s learner actor.
   */
  static Behavior<Command> assignable(
      Fingerprint mine,
      List<Site> candidates,
      IntFunction<Behavior<LearnerProtocol.Command>> learner) {
    List<String> names = candidates.stream().map(Site::name).toList();
    return Behaviors.setup(
        context -> {
          Map<Integer, ActorRef<LearnerProtocol.Command>> hosting = new TreeMap<>();
          int[] assignments = {0};
          return Behaviors.receive(Command.class)
              .onMessage(
                  Check.class,
                  m -> {
                    List<String> hosted = hosting.keySet().stream().map(names::get).toList();
                    m.replyTo().tell(new Answer(hosted, names, check(context.getLog(), m, mine)));
                    return Behaviors.same();
                  })
              .onMessage(
                  Assign.class,
                  m -> {
                    for (int i : m.sites()) {
                      if (i < 0 || i >= names.size()) {
                        context
                            .getLog()
                            .error(
                                "refusing sites {} from {}: this node has sites 0..{}",
                                m.sites(),
                                m.replyTo().path().address(),
                                names.size() - 1);
                        return Behaviors.same();
                      }
                    }
                    var keep = new HashSet<>(m.sites());
                    for (var it = hosting.entrySet().iterator(); it.hasNext(); ) {
                      var e = it.next();
                      if (keep.contains(e.getKey())) continue;
                      context.stop(e.getValue());
                      it.remove();
                    }
                    // A fresh name per assignment: a learner stopped just now may still hold its
                    // old one.
                    int n = ++assignments[0];
                    List<ActorRef<LearnerProtocol.Command>> learners = new ArrayList<>();
                    for (int i : m.sites())
                      learners.add(
                          hosting.computeIfAbsent(
                              i, j -> context.spawn(learner.apply(j), "site-" + j + "-" + n)));
                    context
                        .getLog()
                        .info(
                            "hosting {} site(s) for the coordinator at {}: {}",
                            m.sites().size(),
                            m.replyTo().path().address(),
                            m.sites().stream()
                                .map(i -> names.get(i) + " (" + i + ")")
                                .collect(Collectors.joining(", ")));
                    m.replyTo().tell(new Assigned(learners));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static List<String> check(org.slf4j.Logger log, Check m, Fingerprint mine) {
    List<String> differences = m.coordinator().differences(mine);
    if (!differences.isEmpty()) {
      log.error(
          "refusing to work for the coordinator at {}: its scenario, configuration or data differ from this node's: {}",
          m.replyTo().path().address(),
          String.join("; ", differences));
    }
    return differences;
  }
}
