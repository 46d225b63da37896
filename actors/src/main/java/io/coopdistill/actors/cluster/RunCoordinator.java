package io.coopdistill.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.coopdistill.actors.LearnerActor;
import io.coopdistill.actors.RuntimeOptions;
import io.coopdistill.actors.Supervisor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One run on the coordinator node: waits until every site's learner actor is registered with the
 * receptionist (by whichever learner node hosts it), then runs a {@link Supervisor} over them and
 * completes {@code result} with its answer. Fails, naming the sites, if some are missing after the
 * registration timeout or registered by more than one node.
 */
final class RunCoordinator {
  private RunCoordinator() {}

  sealed interface Command extends NoSerializationVerificationNeeded {}

  private record Listed(Receptionist.Listing listing) implements Command {}

  private record RegistrationTimeout() implements Command {}

  private record Progressed(Supervisor.Progress progress) implements Command {}

  private record Finished(Supervisor.RunReply reply) implements Command {}

  static Behavior<Command> create(List<String> names, RuntimeOptions runtime, ClusterOptions cluster, long seed, int rounds,
                                  Consumer<Supervisor.Progress> progress, CompletableFuture<Supervisor.RunReply> result) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Map<ServiceKey<LearnerActor.Command>, Integer> keys = new HashMap<>();
      for (int i = 0; i < names.size(); i++) keys.put(ClusterNode.siteKey(i, names.get(i)), i);
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, Listed::new);
      keys.keySet().forEach(key -> context.getSystem().receptionist().tell(Receptionist.subscribe(key, listings)));
      timers.startSingleTimer(new RegistrationTimeout(), cluster.registrationTimeout());
      return waiting(context, names, keys, new HashMap<>(), runtime, cluster, seed, rounds, progress, result);
    }));
  }

  private static Behavior<Command> waiting(ActorContext<Command> context, List<String> names,
                                           Map<ServiceKey<LearnerActor.Command>, Integer> keys,
                                           Map<Integer, ActorRef<LearnerActor.Command>> found, RuntimeOptions runtime,
                                           ClusterOptions cluster, long seed, int rounds, Consumer<Supervisor.Progress> progress,
                                           CompletableFuture<Supervisor.RunReply> result) {
    return Behaviors.receive(Command.class)
        .onMessage(Listed.class, m -> {
          @SuppressWarnings("unchecked")
          ServiceKey<LearnerActor.Command> key = (ServiceKey<LearnerActor.Command>) m.listing().getKey();
          int site = keys.get(key);
          Set<ActorRef<LearnerActor.Command>> refs = m.listing().getServiceInstances(key);
          if (refs.size() > 1) {
            return failed(result, "site " + names.get(site) + " (" + site + ") is hosted by more than one node: "
                + refs.stream().map(r -> r.path().address().toString()).sorted().collect(Collectors.joining(", ")));
          }
          if (refs.isEmpty()) found.remove(site);
          else found.put(site, refs.iterator().next());
          if (found.size() < names.size()) return Behaviors.same();
          List<ActorRef<LearnerActor.Command>> learners = new ArrayList<>();
          for (int i = 0; i < names.size(); i++) learners.add(found.get(i));
          return running(context, learners, names, runtime, cluster, seed, rounds, progress, result);
        })
        .onMessage(RegistrationTimeout.class, m -> failed(result, IntStream.range(0, names.size()).filter(i -> !found.containsKey(i))
            .mapToObj(i -> names.get(i) + " (" + i + ")").collect(Collectors.joining(", "))
            + " not registered by any learner node within " + cluster.registrationTimeout().toSeconds() + " s ("
            + ClusterOptions.PATH + ".registration-timeout); start learner nodes hosting them with the same list of sites"))
        .onMessage(Progressed.class, m -> Behaviors.same())
        .onMessage(Finished.class, m -> Behaviors.same())
        .build();
  }

  private static Behavior<Command> running(ActorContext<Command> context, List<ActorRef<LearnerActor.Command>> learners,
                                           List<String> names, RuntimeOptions runtime, ClusterOptions cluster, long seed, int rounds,
                                           Consumer<Supervisor.Progress> progress, CompletableFuture<Supervisor.RunReply> result) {
    context.getLog().info("all {} sites registered: {}", names.size(),
        learners.stream().map(r -> r.path().toString()).collect(Collectors.joining(", ")));
    ActorRef<Supervisor.Command> supervisor = context.spawn(Supervisor.create(learners, names, runtime, cluster.onLearnerLoss()), "supervisor");
    supervisor.tell(new Supervisor.Subscribe(context.messageAdapter(Supervisor.Progress.class, Progressed::new)));
    supervisor.tell(new Supervisor.Run(seed, rounds, false, context.messageAdapter(Supervisor.RunReply.class, Finished::new)));
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
        .onMessage(RegistrationTimeout.class, m -> Behaviors.same())
        .build();
  }

  private static Behavior<Command> failed(CompletableFuture<Supervisor.RunReply> result, String error) {
    result.complete(new Supervisor.RunFailed(error, List.of()));
    return Behaviors.stopped();
  }
}
