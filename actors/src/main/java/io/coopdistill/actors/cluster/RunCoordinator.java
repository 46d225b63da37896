package io.coopdistill.actors.cluster;

import akka.actor.Address;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.coopdistill.actors.RuntimeOptions;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One run on the coordinator node: waits until every site's learner actor is registered with the
 * receptionist (by whichever learner node hosts it) and every learner node has agreed to this
 * coordinator's {@link Fingerprint} ({@link NodeAgreement}), then runs a {@link Supervisor} over
 * the learners and completes {@code result} with its answer. Fails at once, naming the node and the
 * differing keys, when a node disagrees, or a site is registered by more than one node; fails
 * naming the sites when some are missing after the registration timeout.
 *
 * <p>Learner nodes started without a list of sites are given theirs: once {@link
 * ClusterOptions#nodes} of them (at least one) and every learner node that is a member of the
 * cluster have agreed, the coordinator assigns the sites in contiguous blocks over the nodes sorted
 * by address ({@link #assign}) and runs over the learners they spawn. A run never mixes nodes
 * started with a list of sites and nodes without one: it fails naming both kinds.
 */
final class RunCoordinator {
  private RunCoordinator() {}

  sealed interface Command extends NoSerializationVerificationNeeded {}

  private record Listed(Receptionist.Listing listing) implements Command {}

  private record Answered(
      ActorRef<NodeAgreement.Command> node, NodeAgreement.Answer answer, Throwable failure)
      implements Command {}

  private record Assigned(
      Address node, List<Integer> sites, NodeAgreement.Assigned assigned, Throwable failure)
      implements Command {}

  private record RegistrationTimeout() implements Command {}

  private record Progressed(Supervisor.Progress progress) implements Command {}

  private record Finished(Supervisor.RunReply reply) implements Command {}

  /**
   * What the coordinator knows while it waits: learners registered by site, nodes asked and nodes
   * that agreed, and of those the nodes started with a list of sites (with it) and the ones that
   * wait to be assigned theirs; {@code expected}: how many of the latter the run waits for.
   */
  private record Waiting(
      Map<ServiceKey<LearnerProtocol.Command>, Integer> keys,
      Map<Integer, ActorRef<LearnerProtocol.Command>> found,
      Set<Address> asked,
      Set<Address> agreed,
      Map<Address, List<String>> listed,
      Map<Address, ActorRef<NodeAgreement.Command>> assignable,
      int expected) {}

  /** The run's settings, as the coordinator passes them on to its supervisor. */
  record Run(
      List<String> names,
      RuntimeOptions runtime,
      ClusterOptions cluster,
      Fingerprint fingerprint,
      long seed,
      int rounds,
      PrivacyOptions privacy,
      Consumer<Supervisor.Progress> progress,
      CompletableFuture<Supervisor.RunReply> result) {}

  static Behavior<Command> create(Run run) {
    List<String> names = run.names();
    ClusterOptions cluster = run.cluster();
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  int expected = Math.max(1, cluster.nodes());
                  Waiting w =
                      new Waiting(
                          new HashMap<>(),
                          new HashMap<>(),
                          new HashSet<>(),
                          new HashSet<>(),
                          new TreeMap<>(ADDRESSES),
                          new TreeMap<>(ADDRESSES),
                          expected);
                  for (int i = 0; i < names.size(); i++)
                    w.keys().put(ClusterNode.siteKey(i, names.get(i)), i);
                  ActorRef<Receptionist.Listing> listings =
                      context.messageAdapter(Receptionist.Listing.class, Listed::new);
                  w.keys()
                      .keySet()
                      .forEach(
                          key ->
                              context
                                  .getSystem()
                                  .receptionist()
                                  .tell(Receptionist.subscribe(key, listings)));
                  context
                      .getSystem()
                      .receptionist()
                      .tell(Receptionist.subscribe(NodeAgreement.KEY, listings));
                  timers.startSingleTimer(new RegistrationTimeout(), cluster.registrationTimeout());
                  return waiting(context, w, run);
                }));
  }

  /** Nodes in Akka's order of addresses (host, then port): the order sites are assigned in. */
  private static final Comparator<Address> ADDRESSES = Member.addressOrdering();

  /** The learner nodes that are members ({@code Up}) of the cluster, as this node sees it now. */
  private static Set<Address> learnerMembers(ActorContext<Command> context) {
    Set<Address> up = new TreeSet<>(ADDRESSES);
    for (Member m : Cluster.get(context.getSystem()).state().getMembers()) {
      if (m.status() == MemberStatus.up() && m.hasRole(ClusterNode.LEARNER)) up.add(m.address());
    }
    return up;
  }

  /**
   * Which node hosts each site when {@code sites} sites are assigned to {@code nodes} nodes (in
   * their order): contiguous blocks, sizes differing by at most one; site i goes to node floor(i ·
   * nodes / sites). Element j lists node j's sites.
   */
  static List<List<Integer>> assign(int sites, int nodes) {
    if (sites < 1 || nodes < 1)
      throw new IllegalArgumentException(
          "cannot assign " + sites + " site(s) to " + nodes + " node(s)");
    List<List<Integer>> blocks = new ArrayList<>();
    for (int j = 0; j < nodes; j++) blocks.add(new ArrayList<>());
    for (int i = 0; i < sites; i++) blocks.get((int) ((long) i * nodes / sites)).add(i);
    return blocks;
  }

  private static Behavior<Command> waiting(ActorContext<Command> context, Waiting w, Run run) {
    List<String> names = run.names();
    return Behaviors.receive(Command.class)
        .onMessage(
            Listed.class,
            m -> {
              if (m.listing().isForKey(NodeAgreement.KEY)) {
                for (ActorRef<NodeAgreement.Command> node :
                    m.listing().getServiceInstances(NodeAgreement.KEY)) {
                  if (!w.asked().add(node.path().address())) continue;
                  context.ask(
                      NodeAgreement.Answer.class,
                      node,
                      run.cluster().registrationTimeout(),
                      replyTo -> new NodeAgreement.Check(run.fingerprint(), replyTo),
                      (answer, failure) -> new Answered(node, answer, failure));
                }
                return Behaviors.same();
              }
              @SuppressWarnings("unchecked")
              ServiceKey<LearnerProtocol.Command> key =
                  (ServiceKey<LearnerProtocol.Command>) m.listing().getKey();
              int site = w.keys().get(key);
              Set<ActorRef<LearnerProtocol.Command>> refs = m.listing().getServiceInstances(key);
              if (refs.size() > 1) {
                return failed(
                    run.result(),
                    "site "
                        + names.get(site)
                        + " ("
                        + site
                        + ") is hosted by more than one node: "
                        + refs.stream()
                            .map(r -> r.path().address().toString())
                            .sorted()
                            .collect(Collectors.joining(", ")));
              }
              if (refs.isEmpty()) w.found().remove(site);
              else w.found().put(site, refs.iterator().next());
              return startIfReady(context, w, run);
            })
        .onMessage(
            Answered.class,
            m -> {
              if (m.failure() != null)
                return Behaviors
                    .same(); // a node that does not answer is named by the registration timeout
              Address node = m.node().path().address();
              NodeAgreement.Answer answer = m.answer();
              if (!answer.differences().isEmpty()) {
                return failed(
                    run.result(),
                    "learner node "
                        + node
                        + " (hosting "
                        + hosting(answer)
                        + ") refused: its scenario, "
                        + "configuration or data differ from this coordinator's, so its results would not be this run's: "
                        + String.join("; ", answer.differences())
                        + ". Start every node with the same scenario, --seed and --set options");
              }
              if (!answer.candidates().isEmpty() && !answer.candidates().equals(names)) {
                return failed(
                    run.result(),
                    "learner node "
                        + node
                        + " offers "
                        + answer.candidates().size()
                        + " sites ("
                        + String.join(
                            ", ",
                            answer.candidates().subList(0, Math.min(5, answer.candidates().size())))
                        + ", ...), this run has "
                        + names.size()
                        + " ("
                        + String.join(", ", names.subList(0, Math.min(5, names.size())))
                        + ", ...): start it with this run's scenario");
              }
              if (!answer.candidates().isEmpty()) w.assignable().put(node, m.node());
              else if (!answer.hosted().isEmpty()) w.listed().put(node, answer.hosted());
              w.agreed().add(node);
              return startIfReady(context, w, run);
            })
        .onMessage(
            RegistrationTimeout.class,
            m -> failed(run.result(), timedOut(w, run, learnerMembers(context))))
        .onMessage(Progressed.class, m -> Behaviors.same())
        .onMessage(Finished.class, m -> Behaviors.same())
        .onMessage(Assigned.class, m -> Behaviors.same())
        .build();
  }

  private static String hosting(NodeAgreement.Answer answer) {
    if (!answer.hosted().isEmpty()) return String.join(", ", answer.hosted());
    return answer.candidates().isEmpty()
        ? "no sites"
        : "no sites yet, to be assigned some of " + answer.candidates().size();
  }

  private static Behavior<Command> startIfReady(ActorContext<Command> context, Waiting w, Run run) {
    List<String> names = run.names();
    Set<Address> listedNodes = new TreeSet<>(ADDRESSES);
    listedNodes.addAll(w.listed().keySet());
    w.found().values().forEach(r -> listedNodes.add(r.path().address()));
    if (!w.assignable().isEmpty() && !listedNodes.isEmpty()) {
      return failed(
          run.result(),
          "learner nodes "
              + join(listedNodes)
              + " host sites listed with --sites, and "
              + join(w.assignable().keySet())
              + " were started without --sites, to be assigned theirs: a run uses one kind or the other. "
              + "Restart the nodes all with --sites (each site on one node) or all without");
    }
    // Every learner member must have answered first, so that one started with --sites is never left
    // out unnoticed.
    if (!w.assignable().isEmpty()
        && w.assignable().size() >= w.expected()
        && w.agreed().containsAll(learnerMembers(context))) {
      return assigning(context, w, run);
    }
    if (w.found().size() < names.size() || !w.agreed().containsAll(listedNodes))
      return Behaviors.same();
    List<ActorRef<LearnerProtocol.Command>> learners = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) learners.add(w.found().get(i));
    return running(context, learners, run);
  }

  private static String join(java.util.Collection<Address> nodes) {
    return nodes.stream().map(Address::toString).collect(Collectors.joining(", "));
  }

  /**
   * Sends every assignable node that agreed its block of sites and runs once all have answered with
   * their learners.
   */
  private static Behavior<Command> assigning(ActorContext<Command> context, Waiting w, Run run) {
    List<Address> nodes = List.copyOf(w.assignable().keySet());
    List<List<Integer>> blocks = assign(run.names().size(), nodes.size());
    context
        .getLog()
        .info(
            "assigning {} sites to {} learner nodes: {}",
            run.names().size(),
            nodes.size(),
            IntStream.range(0, nodes.size())
                .mapToObj(j -> nodes.get(j) + " " + range(blocks.get(j)))
                .collect(Collectors.joining(", ")));
    for (int j = 0; j < nodes.size(); j++) {
      Address node = nodes.get(j);
      List<Integer> block = blocks.get(j);
      context.ask(
          NodeAgreement.Assigned.class,
          w.assignable().get(node),
          run.cluster().registrationTimeout(),
          replyTo -> new NodeAgreement.Assign(block, replyTo),
          (assigned, failure) -> new Assigned(node, block, assigned, failure));
    }
    Map<Integer, ActorRef<LearnerProtocol.Command>> learners = new HashMap<>();
    Set<Address> pending = new TreeSet<>(ADDRESSES);
    pending.addAll(nodes);
    return Behaviors.receive(Command.class)
        .onMessage(
            Assigned.class,
            m -> {
              if (m.failure() != null || m.assigned().learners().size() != m.sites().size()) {
                return failed(
                    run.result(),
                    "learner node "
                        + m.node()
                        + " did not take sites "
                        + range(m.sites())
                        + " within "
                        + run.cluster().registrationTimeout().toSeconds()
                        + " s ("
                        + ClusterOptions.PATH
                        + ".registration-timeout); its log says why");
              }
              for (int i = 0; i < m.sites().size(); i++)
                learners.put(m.sites().get(i), m.assigned().learners().get(i));
              pending.remove(m.node());
              if (!pending.isEmpty()) return Behaviors.same();
              return running(
                  context,
                  IntStream.range(0, run.names().size()).mapToObj(learners::get).toList(),
                  run);
            })
        // The assignment is made: later nodes and registrations are not this run's.
        .onMessage(Listed.class, m -> Behaviors.same())
        .onMessage(Answered.class, m -> Behaviors.same())
        .onMessage(RegistrationTimeout.class, m -> Behaviors.same())
        .build();
  }

  /** Sites as "first-last (n)", a block of {@link #assign}. */
  private static String range(List<Integer> sites) {
    return sites.isEmpty()
        ? "none"
        : sites.get(0) + "-" + sites.get(sites.size() - 1) + " (" + sites.size() + ")";
  }

  private static String timedOut(Waiting w, Run run, Set<Address> learnerMembers) {
    List<String> names = run.names();
    String limit =
        " within "
            + run.cluster().registrationTimeout().toSeconds()
            + " s ("
            + ClusterOptions.PATH
            + ".registration-timeout)";
    if (!w.assignable().isEmpty() && w.assignable().size() < w.expected()) {
      return "only "
          + w.assignable().size()
          + " of the "
          + w.expected()
          + " learner nodes started without --sites that the run waits for ("
          + ClusterOptions.PATH
          + ".nodes, --nodes) agreed"
          + limit
          + ": "
          + join(w.assignable().keySet());
    }
    if (!w.assignable().isEmpty()) learnerMembers.removeAll(w.agreed());
    if (!w.assignable().isEmpty()) {
      return "learner node(s) "
          + join(learnerMembers)
          + " did not answer the coordinator's agreement check"
          + limit;
    }
    List<String> missing =
        IntStream.range(0, names.size())
            .filter(i -> !w.found().containsKey(i))
            .mapToObj(i -> names.get(i) + " (" + i + ")")
            .toList();
    if (!missing.isEmpty()) {
      return String.join(", ", missing)
          + " not registered by any learner node"
          + limit
          + "; start learner nodes hosting them with the same list of sites, or learner nodes without --sites";
    }
    Set<Address> silent = new HashSet<>(nodes(w));
    silent.removeAll(w.agreed());
    return "learner node(s) "
        + silent.stream().map(Address::toString).sorted().collect(Collectors.joining(", "))
        + " did not answer the coordinator's agreement check"
        + limit;
  }

  private static Set<Address> nodes(Waiting w) {
    return w.found().values().stream().map(r -> r.path().address()).collect(Collectors.toSet());
  }

  private static Behavior<Command> running(
      ActorContext<Command> context, List<ActorRef<LearnerProtocol.Command>> learners, Run run) {
    List<String> names = run.names();
    Consumer<Supervisor.Progress> progress = run.progress();
    CompletableFuture<Supervisor.RunReply> result = run.result();
    context
        .getLog()
        .info(
            "all {} sites registered or assigned and their nodes agreed: {}",
            names.size(),
            learners.stream().map(r -> r.path().toString()).collect(Collectors.joining(", ")));
    ActorRef<Supervisor.Command> supervisor =
        context.spawn(
            Supervisor.create(learners, names, run.runtime(), run.cluster().onLearnerLoss()),
            "supervisor");
    supervisor.tell(
        new Supervisor.Subscribe(
            context.messageAdapter(Supervisor.Progress.class, Progressed::new)));
    // The learner nodes agreed to the coordinator's configuration: its curriculum is theirs.
    DistillationOptions options =
        DistillationOptions.fromConfig(context.getSystem().settings().config());
    supervisor.tell(
        new Supervisor.Run(
            run.seed(),
            run.rounds(),
            List.of(options.curriculum()),
            run.privacy(),
            options.manyAgents(),
            context.messageAdapter(Supervisor.RunReply.class, Finished::new)));
    return Behaviors.receive(Command.class)
        .onMessage(
            Progressed.class,
            m -> {
              progress.accept(m.progress());
              return Behaviors.same();
            })
        .onMessage(
            Finished.class,
            m -> {
              result.complete(m.reply());
              return Behaviors.stopped();
            })
        // Registration changes after the start are the supervisor's business (it watches the
        // learners).
        .onMessage(Listed.class, m -> Behaviors.same())
        .onMessage(Answered.class, m -> Behaviors.same())
        .onMessage(RegistrationTimeout.class, m -> Behaviors.same())
        .onMessage(Assigned.class, m -> Behaviors.same())
        .build();
  }

  private static Behavior<Command> failed(
      CompletableFuture<Supervisor.RunReply> result, String error) {
    result.complete(new Supervisor.RunFailed(error, List.of()));
    return Behaviors.stopped();
  }
}
