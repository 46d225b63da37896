package io.coopdistill.actors.cluster;

import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.round.DistillationOptions;
import akka.actor.Address;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.actors.RuntimeOptions;
import io.coopdistill.actors.Supervisor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One run on the coordinator node: waits until every site's learner actor is registered with the
 * receptionist (by whichever learner node hosts it) and every learner node has agreed to this
 * coordinator's {@link Fingerprint} ({@link NodeAgreement}), then runs a {@link Supervisor} over
 * the learners and completes {@code result} with its answer. Fails at once, naming the node and
 * the differing keys, when a node disagrees, or a site is registered by more than one node; fails
 * naming the sites when some are missing after the registration timeout.
 */
final class RunCoordinator {
  private RunCoordinator() {}

  sealed interface Command extends NoSerializationVerificationNeeded {}

  private record Listed(Receptionist.Listing listing) implements Command {}

  private record Answered(Address node, NodeAgreement.Answer answer, Throwable failure) implements Command {}

  private record RegistrationTimeout() implements Command {}

  private record Progressed(Supervisor.Progress progress) implements Command {}

  private record Finished(Supervisor.RunReply reply) implements Command {}

  /** What the coordinator knows while it waits: learners by site, nodes asked and nodes that agreed. */
  private record Waiting(Map<ServiceKey<LearnerProtocol.Command>, Integer> keys, Map<Integer, ActorRef<LearnerProtocol.Command>> found,
                         Set<Address> asked, Set<Address> agreed) {}

  static Behavior<Command> create(List<String> names, RuntimeOptions runtime, ClusterOptions cluster, Fingerprint fingerprint,
                                  long seed, int rounds, PrivacyOptions privacy, Consumer<Supervisor.Progress> progress, CompletableFuture<Supervisor.RunReply> result) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Waiting w = new Waiting(new HashMap<>(), new HashMap<>(), new HashSet<>(), new HashSet<>());
      for (int i = 0; i < names.size(); i++) w.keys().put(ClusterNode.siteKey(i, names.get(i)), i);
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, Listed::new);
      w.keys().keySet().forEach(key -> context.getSystem().receptionist().tell(Receptionist.subscribe(key, listings)));
      context.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgreement.KEY, listings));
      timers.startSingleTimer(new RegistrationTimeout(), cluster.registrationTimeout());
      return waiting(context, names, w, runtime, cluster, fingerprint, seed, rounds, privacy, progress, result);
    }));
  }

  private static Behavior<Command> waiting(ActorContext<Command> context, List<String> names, Waiting w, RuntimeOptions runtime,
                                           ClusterOptions cluster, Fingerprint fingerprint, long seed, int rounds, PrivacyOptions privacy,
                                           Consumer<Supervisor.Progress> progress, CompletableFuture<Supervisor.RunReply> result) {
    return Behaviors.receive(Command.class)
        .onMessage(Listed.class, m -> {
          if (m.listing().isForKey(NodeAgreement.KEY)) {
            for (ActorRef<NodeAgreement.Command> node : m.listing().getServiceInstances(NodeAgreement.KEY)) {
              Address address = node.path().address();
              if (!w.asked().add(address)) continue;
              context.ask(NodeAgreement.Answer.class, node, cluster.registrationTimeout(),
                  replyTo -> new NodeAgreement.Check(fingerprint, replyTo), (answer, failure) -> new Answered(address, answer, failure));
            }
            return Behaviors.same();
          }
          @SuppressWarnings("unchecked")
          ServiceKey<LearnerProtocol.Command> key = (ServiceKey<LearnerProtocol.Command>) m.listing().getKey();
          int site = w.keys().get(key);
          Set<ActorRef<LearnerProtocol.Command>> refs = m.listing().getServiceInstances(key);
          if (refs.size() > 1) {
            return failed(result, "site " + names.get(site) + " (" + site + ") is hosted by more than one node: "
                + refs.stream().map(r -> r.path().address().toString()).sorted().collect(Collectors.joining(", ")));
          }
          if (refs.isEmpty()) w.found().remove(site);
          else w.found().put(site, refs.iterator().next());
          return startIfReady(context, names, w, runtime, cluster, seed, rounds, privacy, progress, result);
        })
        .onMessage(Answered.class, m -> {
          if (m.failure() != null) return Behaviors.same(); // a node that does not answer is named by the registration timeout
          if (!m.answer().differences().isEmpty()) {
            return failed(result, "learner node " + m.node() + " (hosting " + String.join(", ", m.answer().sites()) + ") refused: its scenario, "
                + "configuration or data differ from this coordinator's, so its results would not be this run's: "
                + String.join("; ", m.answer().differences()) + ". Start every node with the same scenario, --seed and --set options");
          }
          w.agreed().add(m.node());
          return startIfReady(context, names, w, runtime, cluster, seed, rounds, privacy, progress, result);
        })
        .onMessage(RegistrationTimeout.class, m -> failed(result, timedOut(names, w, cluster)))
        .onMessage(Progressed.class, m -> Behaviors.same())
        .onMessage(Finished.class, m -> Behaviors.same())
        .build();
  }

  private static Behavior<Command> startIfReady(ActorContext<Command> context, List<String> names, Waiting w, RuntimeOptions runtime,
                                                ClusterOptions cluster, long seed, int rounds, PrivacyOptions privacy, Consumer<Supervisor.Progress> progress,
                                                CompletableFuture<Supervisor.RunReply> result) {
    if (w.found().size() < names.size() || !w.agreed().containsAll(nodes(w))) return Behaviors.same();
    List<ActorRef<LearnerProtocol.Command>> learners = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) learners.add(w.found().get(i));
    return running(context, learners, names, runtime, cluster, seed, rounds, privacy, progress, result);
  }

  private static Set<Address> nodes(Waiting w) {
    return w.found().values().stream().map(r -> r.path().address()).collect(Collectors.toSet());
  }

  private static String timedOut(List<String> names, Waiting w, ClusterOptions cluster) {
    String limit = " within " + cluster.registrationTimeout().toSeconds() + " s (" + ClusterOptions.PATH + ".registration-timeout)";
    List<String> missing = IntStream.range(0, names.size()).filter(i -> !w.found().containsKey(i)).mapToObj(i -> names.get(i) + " (" + i + ")").toList();
    if (!missing.isEmpty()) {
      return String.join(", ", missing) + " not registered by any learner node" + limit
          + "; start learner nodes hosting them with the same list of sites";
    }
    Set<Address> silent = new HashSet<>(nodes(w));
    silent.removeAll(w.agreed());
    return "learner node(s) " + silent.stream().map(Address::toString).sorted().collect(Collectors.joining(", "))
        + " did not answer the coordinator's agreement check" + limit;
  }

  private static Behavior<Command> running(ActorContext<Command> context, List<ActorRef<LearnerProtocol.Command>> learners,
                                           List<String> names, RuntimeOptions runtime, ClusterOptions cluster, long seed, int rounds, PrivacyOptions privacy,
                                           Consumer<Supervisor.Progress> progress, CompletableFuture<Supervisor.RunReply> result) {
    context.getLog().info("all {} sites registered and their nodes agreed: {}", names.size(),
        learners.stream().map(r -> r.path().toString()).collect(Collectors.joining(", ")));
    ActorRef<Supervisor.Command> supervisor = context.spawn(Supervisor.create(learners, names, runtime, cluster.onLearnerLoss()), "supervisor");
    supervisor.tell(new Supervisor.Subscribe(context.messageAdapter(Supervisor.Progress.class, Progressed::new)));
    // The learner nodes agreed to the coordinator's configuration: its curriculum is theirs.
    CurriculumVariant curriculum = DistillationOptions.fromConfig(context.getSystem().settings().config()).curriculum();
    supervisor.tell(new Supervisor.Run(seed, rounds, List.of(curriculum), privacy, context.messageAdapter(Supervisor.RunReply.class, Finished::new)));
    return Behaviors.receive(Command.class)
        .onMessage(Progressed.class, m -> {
          progress.accept(m.progress());
          return Behaviors.same();
        })
        .onMessage(Finished.class, m -> {
          result.complete(m.reply());
          return Behaviors.stopped();
        })
        // Registration changes after the start are the supervisor's business (it watches the learners).
        .onMessage(Listed.class, m -> Behaviors.same())
        .onMessage(Answered.class, m -> Behaviors.same())
        .onMessage(RegistrationTimeout.class, m -> Behaviors.same())
        .build();
  }

  private static Behavior<Command> failed(CompletableFuture<Supervisor.RunReply> result, String error) {
    result.complete(new Supervisor.RunFailed(error, List.of()));
    return Behaviors.stopped();
  }
}
