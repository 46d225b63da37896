package io.coopdistill.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.model.ModelSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 5 MB model snapshot (three LeNets' worth) crosses from one node to a learner actor's path, or a
 * phase barrier's, on another: with conf/cluster.conf's large-message channel and frame sizes it
 * arrives intact; with Akka's default frame sizes Artery drops it (an oversized message is logged
 * and discarded).
 */
class LargeSnapshotTest {
  static final int SIZE = 5 * 1024 * 1024;
  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ClusterNode::close);
  }

  /**
   * Sends a Retrained with a {@code SIZE}-byte snapshot from one node to /user/site-99 on another
   * and waits for it.
   */
  private byte[] send(Config config, Duration wait) throws Exception {
    return send(config, wait, false);
  }

  /**
   * As {@link #send(Config, Duration)}; with {@code toBarrier}, to where a learner's answer goes in
   * a cluster run: a phase barrier's answers, /user/run-99/supervisor/round-1-retraining-1/answers.
   */
  private byte[] send(Config config, Duration wait, boolean toBarrier) throws Exception {
    Fingerprint none = Fingerprint.of(config, 0, List.of(), null);
    ClusterNode receiver =
        ClusterNode.start(config, Set.of(ClusterNode.LEARNER), 0, List.of(), List.of(), null, none);
    nodes.add(receiver);
    ClusterNode sender =
        ClusterNode.start(
            config,
            Set.of(ClusterNode.COORDINATOR),
            0,
            List.of(receiver.address()),
            List.of(),
            null,
            none);
    nodes.add(sender);
    CompletableFuture<byte[]> received = new CompletableFuture<>();
    Behavior<LearnerProtocol.Reply> receiving =
        Behaviors.receive(LearnerProtocol.Reply.class)
            .onMessage(
                LearnerProtocol.Retrained.class,
                m -> {
                  received.complete(m.snapshot().bytes());
                  return Behaviors.same();
                })
            .build();
    CompletableFuture<ActorRef<LearnerProtocol.Reply>> barrier = new CompletableFuture<>();
    Behavior<Void> run =
        Behaviors.setup(
            context -> {
              context.spawn(
                  Behaviors.<Void>setup(
                      supervisor -> {
                        supervisor.spawn(
                            Behaviors.<Void>setup(
                                phase -> {
                                  barrier.complete(phase.spawn(receiving, "answers"));
                                  return Behaviors.empty();
                                }),
                            "round-1-retraining-1");
                        return Behaviors.empty();
                      }),
                  "supervisor");
              return Behaviors.empty();
            });
    ActorRef<Object> spawned =
        AskPattern.<SpawnProtocol.Command, ActorRef<Object>>ask(
                receiver.system(),
                replyTo ->
                    new SpawnProtocol.Spawn<>(
                        toBarrier ? run.<Object>unsafeCast() : receiving.<Object>unsafeCast(),
                        toBarrier ? "run-99" : "site-99",
                        Props.empty(),
                        replyTo),
                Duration.ofSeconds(5),
                receiver.system().scheduler())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    ActorRef<LearnerProtocol.Reply> site =
        toBarrier ? barrier.get(10, TimeUnit.SECONDS) : spawned.narrow();
    ActorRef<LearnerProtocol.Reply> remote =
        ActorRefResolver.get(sender.system())
            .resolveActorRef(ActorRefResolver.get(receiver.system()).toSerializationFormat(site));
    byte[] bytes = new byte[SIZE];
    new SplittableRandom(5).nextBytes(bytes);
    long start = System.nanoTime();
    remote.tell(new LearnerProtocol.Retrained(1, 0, new ModelSnapshot("test", bytes), null));
    byte[] got = received.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    System.out.printf(
        "5 MB snapshot node to node on loopback: %.0f ms%n", (System.nanoTime() - start) / 1e6);
    assertArrayEquals(bytes, got);
    return got;
  }

  @Test
  void aFiveMegabyteSnapshotCrossesWithTheClusterConfiguration() throws Exception {
    send(HeartDiseaseSites.ROOT, Duration.ofSeconds(20));
  }

  @Test
  void aFiveMegabyteSnapshotReachesAPhaseBarrierWithTheClusterConfiguration() throws Exception {
    send(HeartDiseaseSites.ROOT, Duration.ofSeconds(20), true);
  }

  @Test
  void withAkkasDefaultFrameSizesItIsDropped() {
    Config defaults =
        ConfigFactory.parseString(
                """
        coopdistill.cluster.akka.remote.artery.advanced.maximum-frame-size = 256 KiB
        coopdistill.cluster.akka.remote.artery.advanced.maximum-large-frame-size = 2 MiB
        """)
            .withFallback(HeartDiseaseSites.ROOT);
    assertThrows(TimeoutException.class, () -> send(defaults, Duration.ofSeconds(5)));
  }
}
