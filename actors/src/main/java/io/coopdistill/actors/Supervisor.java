package io.coopdistill.actors;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.coopdistill.actors.serialization.CborSerializable;
import io.coopdistill.actors.site.LearnerActor;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.ManyAgents;
import io.coopdistill.learners.distill.round.RoundAccounting;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.TeachingPlan;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Coordinates rounds of cooperative distillation over the learner actors: baseline training →
 * snapshot exchange and deficiency reports → counterfactual generation by every site's teachers →
 * set cover at each student → retraining → evaluation. Each phase is a barrier: the next starts
 * when every learner (or, for counterfactuals, every site's every teacher) has answered, so all
 * learners retrain on the same round's instances. It counts with {@link RoundAccounting}, like the
 * reference orchestrator, and publishes {@link Progress} to its subscribers.
 *
 * <p><b>Rounds.</b> Round 1 is exactly {@code CooperativeDistillation.run} with the run's seed.
 * Round r &gt; 1 starts from round r−1's retrained models (no new baseline training), draws its
 * budget and counterfactual seeds from {@code Seeds.derive(seed, ROUND, r)} (the seed its {@link
 * DistillationResult} records), and each student retrains, with the same training seed as in round
 * 1, on its own rows, the instances it kept in earlier rounds and those it keeps now. The run stops
 * after {@code maxRounds}, or earlier when no learner's validation accuracy beat its best so far
 * (learners without validation data never stop a run early).
 *
 * <p><b>Phases.</b> Each phase is run by a {@link PhaseBarrier} child, which sends the commands
 * ({@link RunState#orders}), retries failed steps, names learners that fall silent and answers done
 * or failed; the learners' replies reach it, not the supervisor. A failed phase fails the run: it
 * is answered with {@link RunFailed}, never with a partial {@link Completed}, and the supervisor is
 * ready for the next {@link Run}.
 *
 * <p><b>Lost learners.</b> The supervisor watches every learner actor; one that stops (in a
 * cluster: its node left, or was downed after it became unreachable) is <i>lost</i>. With {@link
 * OnLearnerLoss#FAIL} the run fails with a message naming the lost learner, its node and the phase;
 * the rounds already finished come with the {@link RunFailed}. With {@link OnLearnerLoss#CONTINUE}
 * the run goes on without the lost site's <i>data</i>: from the moment of the loss, its outstanding
 * work (deficiency identification at it, its teachers' counterfactuals, its set cover, retraining
 * and evaluation) is dropped, and in later rounds it is never asked again. Its last shared model
 * snapshot stays a teacher at the surviving sites (they hold it already), so the result keeps all k
 * learners: the lost learner's row of {@code deficient/searched/generated} counts what surviving
 * sites taught with its model, its column counts what was generated for it (also what was sent but
 * never received), its {@code kept} column is 0 from the loss on, and its accuracies are NaN in the
 * round of the loss and later. A learner lost before its first snapshot was shared fails the run in
 * either mode, as does a run that would be left with fewer than two sites.
 */
public final class Supervisor extends AbstractBehavior<Supervisor.Command> {

  // ---- protocol -------------------------------------------------------------------------------

  /**
   * The supervisor's commands; learners answer the {@link PhaseBarrier} of their phase, not the
   * supervisor.
   */
  public sealed interface Command
      permits Run, Subscribe, LearnerLost, FromPhase, Accounted, AccountingFailed {}

  /** What a run does when a learner actor is lost (see the class comment). */
  public enum OnLearnerLoss {
    FAIL,
    CONTINUE
  }

  /**
   * Run up to {@code maxRounds} rounds with {@code seed}; answered with {@link Completed} or {@link
   * RunFailed}. The students study under the first of {@code curricula} in every round; after a
   * first and only round they study the same lessons again under each further variant, retrain and
   * are evaluated: a variant at the cost of one more retraining, not of a second round. Every
   * search of the run respects {@code privacy}'s guard, and the sites audit under its settings.
   * {@code bounds} are the method's many-agent bounds, the learners' own (the round's {@code
   * TeachingPlan}).
   */
  public record Run(
      long seed,
      int maxRounds,
      List<CurriculumVariant> curricula,
      PrivacyOptions privacy,
      ManyAgents bounds,
      ActorRef<RunReply> replyTo)
      implements Command, CborSerializable {}

  /** Send {@link Progress} events to {@code subscriber} from now on. */
  public record Subscribe(ActorRef<Progress> subscriber) implements Command, CborSerializable {
    @JsonCreator
    public Subscribe {}
  }

  /** {@code done} of {@code total} work items of {@code phase} in {@code round} are finished. */
  public record Progress(int round, RoundPhase phase, int done, int total)
      implements CborSerializable {}

  public sealed interface RunReply {}

  /**
   * Every round's result, in order, and why the run stopped.
   *
   * @param alsoStudied the round's lessons studied under each further curriculum variant the run
   *     asked for
   */
  public record Completed(
      List<DistillationResult> rounds,
      String stopReason,
      Map<CurriculumVariant, DistillationResult> alsoStudied)
      implements RunReply, CborSerializable {}

  /** The run failed; the rounds before the failing one are included for diagnosis only. */
  public record RunFailed(String error, List<DistillationResult> completedRounds)
      implements RunReply, CborSerializable {}

  /** Death watch: learner {@code learner} stopped. */
  private record LearnerLost(int learner) implements Command, NoSerializationVerificationNeeded {}

  /** A report of the current phase's barrier (or of an earlier one, which is ignored). */
  private record FromPhase(PhaseBarrier.Report report)
      implements Command, NoSerializationVerificationNeeded {}

  /** The round that ended with barrier {@code barrier} is accounted for. */
  private record Accounted(int barrier, DistillationResult result)
      implements Command, NoSerializationVerificationNeeded {}

  /** The accounting of the round that ended with barrier {@code barrier} threw {@code cause}. */
  private record AccountingFailed(int barrier, Throwable cause)
      implements Command, NoSerializationVerificationNeeded {}

  // ---- state ----------------------------------------------------------------------------------

  private final List<ActorRef<LearnerProtocol.Command>> learners;
  private final List<String> names;
  private final RuntimeOptions options;
  private final OnLearnerLoss onLoss;
  private final Set<Integer> lost = new TreeSet<>();
  private final ActorRef<PhaseBarrier.Report> reports;
  private final Set<ActorRef<Progress>> subscribers = new LinkedHashSet<>();
  private final int k;

  /** Where a round's accounting runs: its privacy audit takes seconds at many agents. */
  private final Executor blocking;

  private int barriers;
  private RunState run;

  /**
   * @param learners the learner actors, in index order
   * @param names their names, in the same order
   */
  public static Behavior<Command> create(
      List<ActorRef<LearnerProtocol.Command>> learners,
      List<String> names,
      RuntimeOptions options) {
    return create(learners, names, options, OnLearnerLoss.FAIL);
  }

  /** As {@link #create(List, List, RuntimeOptions)}, with what to do when a learner is lost. */
  public static Behavior<Command> create(
      List<ActorRef<LearnerProtocol.Command>> learners,
      List<String> names,
      RuntimeOptions options,
      OnLearnerLoss onLoss) {
    if (learners.size() < 2)
      throw new IllegalArgumentException(
          "cooperative distillation needs at least 2 learners, got " + learners.size());
    if (learners.size() != names.size())
      throw new IllegalArgumentException(
          learners.size() + " learners but " + names.size() + " names");
    return Behaviors.setup(context -> new Supervisor(context, learners, names, options, onLoss));
  }

  private Supervisor(
      ActorContext<Command> context,
      List<ActorRef<LearnerProtocol.Command>> learners,
      List<String> names,
      RuntimeOptions options,
      OnLearnerLoss onLoss) {
    super(context);
    this.onLoss = onLoss;
    this.learners = List.copyOf(learners);
    this.names = List.copyOf(names);
    this.options = options;
    this.k = learners.size();
    this.reports = context.messageAdapter(PhaseBarrier.Report.class, FromPhase::new);
    this.blocking =
        context
            .getSystem()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig(LearnerActor.TRAINING_DISPATCHER));
    for (int i = 0; i < k; i++) context.watchWith(this.learners.get(i), new LearnerLost(i));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Run.class, this::onRun)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(FromPhase.class, m -> onPhaseReport(m.report()))
        .onMessage(LearnerLost.class, this::onLost)
        // The accounting of a run that failed while it was made.
        .onMessage(Accounted.class, stale -> this)
        .onMessage(AccountingFailed.class, stale -> this)
        .build();
  }

  private Behavior<Command> onRun(Run m) {
    if (run != null) {
      m.replyTo()
          .tell(
              new RunFailed(
                  "a run (seed " + run.request.seed() + ") is already in progress", List.of()));
    } else if (!lost.isEmpty()) {
      m.replyTo()
          .tell(
              new RunFailed("cannot start a run: " + describeLost(lost) + " before it", List.of()));
    } else if (m.maxRounds() < 1) {
      m.replyTo()
          .tell(new RunFailed("a run needs at least 1 round, got " + m.maxRounds(), List.of()));
    } else if (m.privacy() == null) {
      m.replyTo()
          .tell(
              new RunFailed(
                  "a run needs its privacy options (the guard its searches respect)", List.of()));
    } else if (m.curricula().isEmpty()) {
      m.replyTo().tell(new RunFailed("a run needs a curriculum variant to study", List.of()));
    } else if (m.curricula().size() > 1 && m.maxRounds() != 1) {
      m.replyTo()
          .tell(
              new RunFailed(
                  "further curriculum variants are studied from one round's lessons; the run asked for "
                      + m.maxRounds()
                      + " rounds",
                  List.of()));
    } else {
      run = new RunState(m, names);
      startRound();
    }
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe m) {
    subscribers.add(m.subscriber());
    return this;
  }

  // ---- phases ---------------------------------------------------------------------------------

  private void startRound() {
    run.startRound();
    start(run.round == 1 ? RoundPhase.BASELINE_TRAINING : RoundPhase.DEFICIENCY_IDENTIFICATION);
  }

  /**
   * Spawns the barrier of {@code phase}: every surviving learner's step, or every surviving site's
   * every teacher.
   */
  private void start(RoundPhase phase) {
    run.phase = phase;
    run.barrier = ++barriers;
    RunState.Orders orders = run.orders(learners);
    TeachingPlan plan = run.plan();
    PhaseBarrier.Phase work =
        new PhaseBarrier.Phase(
            run.barrier,
            run.round,
            phase,
            plan,
            orders.choice(),
            WorkItem.all(phase, plan, lost),
            (items, replyTo) -> orders.commandFor(phase, items, replyTo));
    run.phaseBarrier =
        getContext()
            .spawn(
                PhaseBarrier.create(
                    work, learners, names, options, List.copyOf(subscribers), reports),
                "round-" + run.round + "-" + phase.name().toLowerCase() + "-" + run.barrier);
  }

  private Behavior<Command> onPhaseReport(PhaseBarrier.Report report) {
    if (run == null || report.barrier() != run.barrier) {
      getContext().getLog().debug("ignored a report of an earlier phase: {}", report);
    } else if (report instanceof PhaseBarrier.Accepted a) {
      run.accept(a.reply());
    } else if (report instanceof PhaseBarrier.Done d) {
      run.phaseDone(d.seconds());
      return advance();
    } else if (report instanceof PhaseBarrier.Failed f) {
      run.phaseBarrier = null;
      fail(f.error());
    }
    return this;
  }

  /** The phase is complete: go on to the next. */
  private Behavior<Command> advance() {
    switch (run.phase) {
      case BASELINE_TRAINING -> start(RoundPhase.DEFICIENCY_IDENTIFICATION);
      case DEFICIENCY_IDENTIFICATION -> start(RoundPhase.COUNTERFACTUALS);
      case COUNTERFACTUALS -> start(RoundPhase.SET_COVER);
      case SET_COVER -> start(RoundPhase.RETRAINING);
      case RETRAINING -> start(RoundPhase.EVALUATION);
      case EVALUATION -> {
        return endRound();
      }
    }
    return this;
  }

  /**
   * The round's steps are done: its accounting (with the privacy audit) runs on the blocking
   * dispatcher, and the supervisor waits for it in the {@link #accounting} behaviour.
   */
  private Behavior<Command> endRound() {
    RunState.Validation validation = run.evaluated();
    int barrier = run.barrier;
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(run.accounting::result, blocking),
            (result, error) ->
                error == null
                    ? new Accounted(barrier, result)
                    : new AccountingFailed(
                        barrier,
                        error instanceof CompletionException && error.getCause() != null
                            ? error.getCause()
                            : error));
    return accounting(barrier, validation);
  }

  /**
   * Waiting for the accounting of the round that ended with {@code barrier}: the round's accounting
   * is the future's alone until it answers; the run's barriers are done.
   */
  private Behavior<Command> accounting(int barrier, RunState.Validation validation) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Accounted.class,
            m -> m.barrier() == barrier ? roundAccounted(m.result(), validation) : Behaviors.same())
        .onMessage(
            AccountingFailed.class,
            m -> {
              if (m.barrier() != barrier) return Behaviors.same();
              fail("the accounting of round " + run.round + " failed: " + m.cause());
              return this;
            })
        .onMessage(
            Run.class,
            m -> {
              onRun(m); // refused: this run is in progress
              return Behaviors.same();
            })
        .onMessage(
            Subscribe.class,
            m -> {
              onSubscribe(m);
              return Behaviors.same();
            })
        .onMessage(
            LearnerLost.class,
            m -> {
              onLost(m);
              return run == null ? this : Behaviors.same();
            })
        .onMessage(FromPhase.class, ignored -> Behaviors.same())
        .build();
  }

  /**
   * The stop rule: the maximum of rounds, or a round in which no learner with validation data
   * improved.
   */
  private Behavior<Command> roundAccounted(
      DistillationResult result, RunState.Validation validation) {
    run.studied(result);
    if (run.moreToStudy()) {
      run.studyNext();
      start(RoundPhase.SET_COVER);
    } else if (run.round >= run.request.maxRounds()) {
      finish("reached the maximum of " + run.request.maxRounds() + " round(s)");
    } else if (validation.any() && !validation.improved()) {
      finish("no learner improved its validation accuracy in round " + run.round);
    } else {
      run.round++;
      run.roundSeed = Seeds.derive(run.request.seed(), Seeds.Phase.ROUND, run.round);
      startRound();
    }
    return this;
  }

  private void finish(String stopReason) {
    getContext()
        .getLog()
        .info(
            "run of seed {} completed after {} round(s): {}",
            run.request.seed(),
            run.results.size(),
            stopReason);
    run.request
        .replyTo()
        .tell(new Completed(List.copyOf(run.results), stopReason, Map.copyOf(run.alsoStudied)));
    run = null;
  }

  private void fail(String error) {
    getContext()
        .getLog()
        .error("run of seed {} failed in round {}: {}", run.request.seed(), run.round, error);
    if (run.phaseBarrier != null) getContext().stop(run.phaseBarrier);
    run.request.replyTo().tell(new RunFailed(error, List.copyOf(run.results)));
    run = null;
  }

  private Behavior<Command> onLost(LearnerLost m) {
    lost.add(m.learner());
    String what = describeLost(Set.of(m.learner()));
    if (run == null) {
      getContext().getLog().warn("{} while no run was in progress", what);
      return this;
    }
    String when = " in round " + run.round + " during " + run.phase;
    if (onLoss == OnLearnerLoss.FAIL) {
      fail(what + when + "; " + run.results.size() + " earlier round(s) completed");
    } else if (run.snapshots[m.learner()] == null) {
      fail(what + when + ", before its first model was shared: nothing to continue with");
    } else if (k - lost.size() < 2) {
      fail(what + when + "; fewer than 2 learners are left");
    } else {
      getContext().getLog().warn("{}{}: continuing without its data", what, when);
      run.phaseBarrier.tell(new PhaseBarrier.DropSite(m.learner()));
    }
    return this;
  }

  private String describeLost(Set<Integer> learners) {
    return learners.stream()
            .map(
                i ->
                    "learner "
                        + names.get(i)
                        + " (site "
                        + i
                        + ", on "
                        + this.learners.get(i).path().address()
                        + alsoOnItsNode(i)
                        + ")")
            .collect(Collectors.joining(", "))
        + (learners.size() == 1 ? " was" : " were")
        + " lost (its actor stopped: its node left or went down)";
  }

  /**
   * The other sites a lost learner's node hosted (in a cluster): they go with it, and the error
   * should say so at once.
   */
  private String alsoOnItsNode(int learner) {
    akka.actor.Address node = learners.get(learner).path().address();
    if (!node.hasGlobalScope()) return "";
    String others =
        IntStream.range(0, k)
            .filter(j -> j != learner && learners.get(j).path().address().equals(node))
            .mapToObj(j -> names.get(j) + " (site " + j + ")")
            .collect(Collectors.joining(", "));
    return others.isEmpty() ? "" : ", which also hosted " + others;
  }
}
