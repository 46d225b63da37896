package io.coopdistill.actors.cluster;

import akka.Done;
import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.typed.JoinSeedNodes;
import akka.cluster.typed.Leave;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.coopdistill.actors.RuntimeOptions;
import io.coopdistill.actors.site.LearnerActor;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.Site;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One member of a coopdistill cluster: an actor system with Akka Cluster over Artery TCP. A node
 * with role {@value #LEARNER} hosts the sites it is started with ({@link #start}), or those the
 * coordinator assigns it when a run starts ({@link #startAssignable}): their private data is loaded
 * on this node, their {@link LearnerActor}s (and, during a round, their teacher actors) run here,
 * and each learner actor is registered with the receptionist under its {@link #siteKey}. A node
 * with role {@value #COORDINATOR} runs the supervisor of {@link ClusterRuntime#run}. A node may
 * have both.
 *
 * <p>Sites are placed by the receptionist, not by cluster sharding: sharding moves entities between
 * nodes when the cluster changes, and a site's data cannot move (it is private to the node that
 * loaded it) nor be rebuilt elsewhere; a site whose node is gone is lost, which the supervisor
 * handles as configured ({@code coopdistill.cluster.on-learner-loss}).
 *
 * <p>Every node must run with the same configuration of the method (learners, counterfactual
 * search, distillation), so that results equal a single-JVM run for the same seed: a learner node
 * answers the coordinator's {@link Fingerprint} before any work ({@link NodeAgreement}). Nodes talk
 * over TLS with mutual authentication unless all are on loopback ({@link ClusterOptions#tlsOn}).
 */
public final class ClusterNode implements AutoCloseable {
  public static final String COORDINATOR = "coordinator";
  public static final String LEARNER = "learner";

  /** A site this node hosts, with its index in the run's ordered list of sites. */
  public record HostedSite(int index, Site site) {
    public HostedSite {
      if (index < 0)
        throw new IllegalArgumentException(
            "site " + site.name() + " has a negative index " + index);
    }
  }

  private final ActorSystem<SpawnProtocol.Command> system;
  private final Config config;
  private final Set<String> roles;
  private final Fingerprint fingerprint;

  private ClusterNode(
      ActorSystem<SpawnProtocol.Command> system,
      Config config,
      Set<String> roles,
      Fingerprint fingerprint) {
    this.system = system;
    this.config = config;
    this.roles = Set.copyOf(roles);
    this.fingerprint = fingerprint;
  }

  /**
   * The node could not become a member of the cluster within the join timeout; its actor system is
   * terminated.
   */
  public static final class JoinFailedException extends IllegalStateException {
    public JoinFailedException(String message) {
      super(message);
    }
  }

  /**
   * The receptionist key of site {@code index} named {@code name}: the coordinator and the learner
   * nodes must agree on both, so a node configured with another order of sites is never used.
   */
  public static ServiceKey<LearnerProtocol.Command> siteKey(int index, String name) {
    return ServiceKey.create(
        LearnerProtocol.Command.class, "coopdistill-site-" + index + "-" + name);
  }

  /**
   * Starts a node, has it join the cluster and returns once it is {@code Up}, a full member: only
   * then does the split brain resolver count it, so a coordinator that does work before it is Up
   * may be downed with the whole cluster when a learner node is lost.
   *
   * @param config the application's configuration; {@code coopdistill.cluster.akka} is laid over
   *     its {@code akka}
   * @param roles {@value #COORDINATOR} and/or {@value #LEARNER}
   * @param port the port to bind on {@code coopdistill.cluster.host}; 0 for any free port
   * @param seedNodes addresses ({@code akka://coopdistill@127.0.0.1:2551}) of nodes to join; empty:
   *     this node starts a new cluster
   * @param sites the sites hosted here (only with role {@value #LEARNER})
   * @param test the shared test set every hosted learner is evaluated on, or null
   * @param fingerprint what this node's part of a run depends on ({@link Fingerprint#of}); a
   *     coordinator's covers every site
   * @throws JoinFailedException if the node is not Up within {@code
   *     coopdistill.cluster.join-timeout}
   */
  public static ClusterNode start(
      Config config,
      Set<String> roles,
      int port,
      List<String> seedNodes,
      List<HostedSite> sites,
      Dataset test,
      Fingerprint fingerprint) {
    if (!sites.isEmpty() && !roles.contains(LEARNER)) {
      throw new IllegalArgumentException(
          "only a node with role " + LEARNER + " can host sites; roles are " + roles);
    }
    Set<Integer> indices = new HashSet<>();
    for (HostedSite s : sites) {
      if (!indices.add(s.index()))
        throw new IllegalArgumentException(
            "site index " + s.index() + " is hosted twice on this node");
    }
    DistillationMethod method = sites.isEmpty() ? null : DistillationMethod.fromConfig(config);
    RuntimeOptions runtime = RuntimeOptions.fromConfig(config);
    return start(
        config,
        roles,
        port,
        seedNodes,
        context -> {
          for (HostedSite hosted : sites) {
            ActorRef<LearnerProtocol.Command> learner =
                context.spawn(
                    learner(hosted.index(), hosted.site(), test, method, runtime),
                    "site-" + hosted.index());
            context
                .getSystem()
                .receptionist()
                .tell(
                    Receptionist.register(siteKey(hosted.index(), hosted.site().name()), learner));
          }
          return roles.contains(LEARNER)
              ? NodeAgreement.listed(fingerprint, sites.stream().map(h -> h.site().name()).toList())
              : null;
        },
        fingerprint);
  }

  /**
   * Starts a learner node that hosts the sites a coordinator assigns it ({@link RunCoordinator}
   * assigns every site of a run over the nodes started this way), and returns once it is {@code
   * Up}.
   *
   * @param candidates every site of the trial, in index order: the node loaded their data and hosts
   *     those it is given
   * @param fingerprint as for {@link #start}, over all {@code candidates}
   * @see #start
   */
  public static ClusterNode startAssignable(
      Config config,
      Set<String> roles,
      int port,
      List<String> seedNodes,
      List<Site> candidates,
      Dataset test,
      Fingerprint fingerprint) {
    if (!roles.contains(LEARNER))
      throw new IllegalArgumentException(
          "only a node with role " + LEARNER + " can host sites; roles are " + roles);
    if (candidates.isEmpty())
      throw new IllegalArgumentException(
          "a node that is assigned sites needs the trial's sites to choose from");
    DistillationMethod method = DistillationMethod.fromConfig(config);
    RuntimeOptions runtime = RuntimeOptions.fromConfig(config);
    List<Site> sites = List.copyOf(candidates);
    return start(
        config,
        roles,
        port,
        seedNodes,
        context ->
            NodeAgreement.assignable(
                fingerprint, sites, i -> learner(i, sites.get(i), test, method, runtime)),
        fingerprint);
  }

  /**
   * Site {@code index}'s learner actor on a node: lessons sent on a cluster are not collected into
   * the coordinator's virtual-instances file (README).
   */
  private static Behavior<LearnerProtocol.Command> learner(
      int index, Site site, Dataset test, DistillationMethod method, RuntimeOptions runtime) {
    return LearnerActor.create(index, site, test, method, runtime.heartbeat(), LessonSink.NONE);
  }

  /**
   * Starts the node whose guardian first runs {@code hosting}: it spawns the node's learners and
   * returns its agreement actor (null: none).
   */
  private static ClusterNode start(
      Config config,
      Set<String> roles,
      int port,
      List<String> seedNodes,
      java.util.function.Function<
              ActorContext<SpawnProtocol.Command>, Behavior<NodeAgreement.Command>>
          hosting,
      Fingerprint fingerprint) {
    if (roles.isEmpty() || !Set.of(COORDINATOR, LEARNER).containsAll(roles)) {
      throw new IllegalArgumentException(
          "a node's roles are " + COORDINATOR + " and/or " + LEARNER + ", got " + roles);
    }
    if (port < 0 || port > 65535)
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    List<Address> seeds = seedNodes.stream().map(ClusterNode::address).toList();
    ClusterOptions options = ClusterOptions.fromConfig(config);
    Config nodeConfig =
        transport(options)
            .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
            .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.copyOf(roles)))
            .withFallback(config.getConfig(ClusterOptions.PATH + ".akka").atKey("akka"))
            .withFallback(config);
    Behavior<SpawnProtocol.Command> guardian =
        Behaviors.setup(
            context -> {
              Behavior<NodeAgreement.Command> agreement = hosting.apply(context);
              if (agreement != null) {
                context
                    .getSystem()
                    .receptionist()
                    .tell(
                        Receptionist.register(
                            NodeAgreement.KEY, context.spawn(agreement, "agreement")));
              }
              return SpawnProtocol.create();
            });
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(guardian, options.systemName(), nodeConfig);
    Cluster cluster = Cluster.get(system);
    if (seeds.isEmpty()) cluster.manager().tell(Join.create(cluster.selfMember().address()));
    else cluster.manager().tell(new JoinSeedNodes(seeds));
    // Polls this node's view of itself (what callers see), which follows the cluster's gossip.
    long deadline = System.nanoTime() + options.joinTimeout().toNanos();
    try {
      while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline)
        Thread.sleep(50);
    } catch (InterruptedException e) {
      terminate(system);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining the cluster", e);
    }
    if (cluster.selfMember().status() != MemberStatus.up()) {
      String self = cluster.selfMember().address().toString();
      terminate(system);
      throw new JoinFailedException(
          "node "
              + self
              + " did not join the cluster of "
              + seedNodes
              + " within "
              + options.joinTimeout().toSeconds()
              + " s ("
              + ClusterOptions.PATH
              + ".join-timeout): no seed node answered, it refused "
              + "this node, or a member is unreachable (then no node becomes Up). Check that a node runs at that address with system name "
              + options.systemName()
              + (options.tlsOn()
                  ? " and accepts this node's certificate (" + ClusterOptions.PATH + ".tls)"
                  : " and without TLS")
              + "; the log says more");
    }
    return new ClusterNode(system, config, roles, fingerprint);
  }

  /**
   * Artery's transport: TLS with mutual authentication ({@code conf/cluster.conf} sets the protocol
   * and ciphers) when the options ask for it, with the key and trust stores they name; plain TCP on
   * loopback otherwise. The bind address, when set, is where the node listens; host is what it
   * announces.
   */
  private static Config transport(ClusterOptions options) {
    Config c = ConfigFactory.empty();
    if (!options.bindHost().isEmpty())
      c =
          c.withValue(
              "akka.remote.artery.bind.hostname",
              ConfigValueFactory.fromAnyRef(options.bindHost()));
    if (!options.tlsOn())
      return c.withValue("akka.remote.artery.transport", ConfigValueFactory.fromAnyRef("tcp"));
    String engine = "akka.remote.artery.ssl.config-ssl-engine.";
    ClusterOptions.Tls tls = options.tls();
    return c.withValue("akka.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
        .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(tls.keyStore()))
        .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(tls.trustStore()))
        .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(tls.password()))
        .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(tls.password()))
        .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(tls.password()));
  }

  private static Address address(String uri) {
    try {
      return AddressFromURIString.parse(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "bad seed node address '" + uri + "': expected akka://SYSTEM@HOST:PORT", e);
    }
  }

  /**
   * This node's address, e.g. {@code akka://coopdistill@127.0.0.1:2551}: a seed node for others.
   */
  public String address() {
    return Cluster.get(system).selfMember().address().toString();
  }

  /** The port this node bound. */
  public int port() {
    return (Integer) Cluster.get(system).selfMember().address().getPort().get();
  }

  public Set<String> roles() {
    return roles;
  }

  /**
   * What this node's part of a run depends on: the coordinator sends its own to every learner node
   * before work.
   */
  public Fingerprint fingerprint() {
    return fingerprint;
  }

  /** The application's configuration the node was started with. */
  public Config config() {
    return config;
  }

  public ActorSystem<SpawnProtocol.Command> system() {
    return system;
  }

  /**
   * Completes when this node's actor system has terminated (it left, was downed, or was closed).
   */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /**
   * Leaves the cluster gracefully: peers see this node's learners stop; the actor system then
   * terminates.
   */
  public void leave() {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Leave.create(cluster.selfMember().address()));
  }

  /** Terminates the actor system and waits (up to 30 s) for it. */
  @Override
  public void close() {
    terminate(system);
  }

  private static void terminate(ActorSystem<?> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Best effort: the system is terminating.
    }
  }
}
