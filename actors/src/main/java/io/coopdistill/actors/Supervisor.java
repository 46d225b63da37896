package io.coopdistill.actors;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.coopdistill.learners.distill.DeficiencyReport;
import io.coopdistill.learners.distill.DistillationResult;
import io.coopdistill.learners.distill.LessonReport;
import io.coopdistill.learners.distill.RoundAccounting;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.model.ModelSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;
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
 * budget and counterfactual seeds from {@code Seeds.derive(seed, ROUND, r)} (the seed its
 * {@link DistillationResult} records), and each student retrains, with the same training seed as
 * in round 1, on its own rows, the instances it kept in earlier rounds and those it keeps now.
 * The run stops after {@code maxRounds}, or earlier when no learner's validation accuracy beat
 * its best so far (learners without validation data never stop a run early).
 *
 * <p><b>Failure.</b> A learner that answers {@link LearnerActor.Failed} (or a teacher that answers
 * {@link LearnerActor.TeachingFailed}) gets the step again, up to {@code retries} times; then the
 * run fails with that learner's error. A rejected command, a malformed report, a reply from an
 * unknown learner or a phase that times out fail the run with a message naming the learner. A
 * failed run is answered with {@link RunFailed}, never with a partial {@link Completed}, and the
 * supervisor is ready for the next {@link Run}.
 *
 * <p><b>Lost learners.</b> The supervisor watches every learner actor; one that stops (in a cluster:
 * its node left, or was downed after it became unreachable) is <i>lost</i>. With
 * {@link OnLearnerLoss#FAIL} the run fails with a message naming the lost learner, its node and
 * the phase; the rounds already finished come with the {@link RunFailed}. With
 * {@link OnLearnerLoss#CONTINUE} the run goes on without the lost site's <i>data</i>: from the
 * moment of the loss, its outstanding work (deficiency identification at it, its teachers'
 * counterfactuals, its set cover, retraining and evaluation) is dropped, and in later rounds it is
 * never asked again. Its last shared model snapshot stays a teacher at the surviving sites (they
 * hold it already), so the result keeps all k learners: the lost learner's row of
 * {@code deficient/searched/generated} counts what surviving sites taught with its model, its
 * column counts what was generated for it (also what was sent but never received), its
 * {@code kept} column is 0 from the loss on, and its accuracies are NaN in the round of the loss
 * and later. A learner lost before its first snapshot was shared fails the run in either mode, as
 * does a run that would be left with fewer than two sites.
 */
public final class Supervisor extends AbstractBehavior<Supervisor.Command> {

  // ---- protocol -------------------------------------------------------------------------------

  /** The supervisor's commands; learners' and teachers' answers ({@link LearnerActor.Reply}) come straight to it. */
  public sealed interface Command permits Run, Subscribe, PhaseTimeout, LearnerLost, LearnerActor.Reply {}

  /** What a run does when a learner actor is lost (see the class comment). */
  public enum OnLearnerLoss { FAIL, CONTINUE }

  /**
   * Run up to {@code maxRounds} rounds with {@code seed}; answered with {@link Completed} or
   * {@link RunFailed}. With {@code alsoWithoutSetCover} (one round only) the students then study the
   * same lessons again keeping every instance, retrain and are evaluated: the "without set cover"
   * variant at the cost of one more retraining, not of a second round.
   */
  public record Run(long seed, int maxRounds, boolean alsoWithoutSetCover, ActorRef<RunReply> replyTo) implements Command, CborSerializable {}

  /** Send {@link Progress} events to {@code subscriber} from now on. */
  public record Subscribe(ActorRef<Progress> subscriber) implements Command, CborSerializable {
    @JsonCreator
    public Subscribe {}
  }

  /** {@code done} of {@code total} work items of {@code phase} in {@code round} are finished. */
  public record Progress(int round, RoundPhase phase, int done, int total) implements CborSerializable {}

  public sealed interface RunReply {}

  /**
   * Every round's result, in order, and why the run stopped.
   *
   * @param withoutSetCover the round's variant without set cover when the run asked for it, else null
   */
  public record Completed(List<DistillationResult> rounds, String stopReason, DistillationResult withoutSetCover)
      implements RunReply, CborSerializable {}

  /** The run failed; the rounds before the failing one are included for diagnosis only. */
  public record RunFailed(String error, List<DistillationResult> completedRounds) implements RunReply, CborSerializable {}

  private record PhaseTimeout(int round, RoundPhase phase) implements Command, NoSerializationVerificationNeeded {}

  /** Death watch: learner {@code learner} stopped. */
  private record LearnerLost(int learner) implements Command, NoSerializationVerificationNeeded {}

  // ---- state ----------------------------------------------------------------------------------

  private final List<ActorRef<LearnerActor.Command>> learners;
  private final List<String> names;
  private final RuntimeOptions options;
  private final OnLearnerLoss onLoss;
  private final Set<Integer> lost = new TreeSet<>();
  private final TimerScheduler<Command> timers;
  private final ActorRef<LearnerActor.Reply> replies;
  private final Set<ActorRef<Progress>> subscribers = new LinkedHashSet<>();
  private final int k;
  private Running run;

  /**
   * @param learners the learner actors, in index order
   * @param names    their names, in the same order
   */
  public static Behavior<Command> create(List<ActorRef<LearnerActor.Command>> learners, List<String> names, RuntimeOptions options) {
    return create(learners, names, options, OnLearnerLoss.FAIL);
  }

  /** As {@link #create(List, List, RuntimeOptions)}, with what to do when a learner is lost. */
  public static Behavior<Command> create(List<ActorRef<LearnerActor.Command>> learners, List<String> names, RuntimeOptions options,
                                         OnLearnerLoss onLoss) {
    if (learners.size() < 2) throw new IllegalArgumentException("cooperative distillation needs at least 2 learners, got " + learners.size());
    if (learners.size() != names.size()) throw new IllegalArgumentException(learners.size() + " learners but " + names.size() + " names");
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new Supervisor(context, timers, learners, names, options, onLoss)));
  }

  private Supervisor(ActorContext<Command> context, TimerScheduler<Command> timers, List<ActorRef<LearnerActor.Command>> learners,
                     List<String> names, RuntimeOptions options, OnLearnerLoss onLoss) {
    super(context);
    this.onLoss = onLoss;
    this.timers = timers;
    this.learners = List.copyOf(learners);
    this.names = List.copyOf(names);
    this.options = options;
    this.k = learners.size();
    this.replies = context.getSelf().narrow();
    for (int i = 0; i < k; i++) context.watchWith(this.learners.get(i), new LearnerLost(i));
  }

  /** One run in progress: the current round, its phase and what has been answered. */
  private final class Running {
    final Run request;
    final List<DistillationResult> results = new ArrayList<>();
    final ModelSnapshot[] snapshots = new ModelSnapshot[k];
    final List<boolean[][]> masks = new ArrayList<>(Collections.nCopies(k, null));
    final double[] bestValidation = new double[k];
    int round = 1;
    long roundSeed;
    RoundAccounting accounting;
    // The phase: its work items (learner indices, or site·k + teacher for counterfactuals) not yet answered.
    RoundPhase phase;
    final Set<Integer> pending = new HashSet<>();
    int total;
    int[] attempts;
    long phaseStart;
    // What the round's answers said, by item, so that a retried step replaces rather than adds.
    final TreeMap<Integer, List<DeficiencyReport>> deficiencies = new TreeMap<>();
    final TreeMap<Integer, List<LessonReport>> lessons = new TreeMap<>();
    final TreeMap<Integer, int[]> kept = new TreeMap<>();
    final TreeMap<Integer, LearnerActor.Evaluated> evaluations = new TreeMap<>();
    // While the variant without set cover is studied: its accounting, started from the round's.
    RoundAccounting withoutSetCover;

    Running(Run request) {
      this.request = request;
      this.roundSeed = request.seed();
      Arrays.fill(bestValidation, Double.NaN);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Run.class, this::onRun)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(LearnerActor.Reply.class, this::onReply)
        .onMessage(PhaseTimeout.class, this::onTimeout)
        .onMessage(LearnerLost.class, this::onLost)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe m) {
    subscribers.add(m.subscriber());
    return this;
  }

  private Behavior<Command> onRun(Run m) {
    if (run != null) {
      m.replyTo().tell(new RunFailed("a run (seed " + run.request.seed() + ") is already in progress", List.of()));
    } else if (!lost.isEmpty()) {
      m.replyTo().tell(new RunFailed("cannot start a run: " + describeLost(lost) + " before it", List.of()));
    } else if (m.maxRounds() < 1) {
      m.replyTo().tell(new RunFailed("a run needs at least 1 round, got " + m.maxRounds(), List.of()));
    } else if (m.alsoWithoutSetCover() && m.maxRounds() != 1) {
      m.replyTo().tell(new RunFailed("the variant without set cover is studied from one round's lessons; the run asked for "
          + m.maxRounds() + " rounds", List.of()));
    } else {
      run = new Running(m);
      startRound();
    }
    return this;
  }

  // ---- phases ---------------------------------------------------------------------------------

  private void startRound() {
    run.accounting = new RoundAccounting(names, run.roundSeed);
    run.deficiencies.clear();
    run.lessons.clear();
    run.kept.clear();
    run.evaluations.clear();
    if (run.round == 1) {
      start(RoundPhase.BASELINE_TRAINING, k, i -> learners.get(i).tell(new LearnerActor.Train(run.round, run.request.seed(), replies)));
    } else {
      identify();
    }
  }

  private void identify() {
    List<ModelSnapshot> snapshots = List.of(run.snapshots);
    start(RoundPhase.DEFICIENCY_IDENTIFICATION, k,
        i -> learners.get(i).tell(new LearnerActor.Identify(run.round, run.roundSeed, snapshots, replies)));
  }

  private void teach() {
    List<boolean[][]> masks = Collections.unmodifiableList(new ArrayList<>(run.masks));
    start(RoundPhase.COUNTERFACTUALS, k * k, null);
    for (int site = 0; site < k; site++) {
      if (lost.contains(site)) continue;
      List<Integer> all = IntStream.range(0, k).boxed().toList();
      learners.get(site).tell(new LearnerActor.Teach(run.round, run.roundSeed, all, masks, learners, replies));
    }
  }

  private void reteach(int item) {
    List<boolean[][]> masks = Collections.unmodifiableList(new ArrayList<>(run.masks));
    learners.get(item / k).tell(new LearnerActor.Teach(run.round, run.roundSeed, List.of(item % k), masks, learners, replies));
  }

  private void study() {
    start(RoundPhase.SET_COVER, k, j -> learners.get(j).tell(new LearnerActor.Study(run.round, expectedLessons(j), run.withoutSetCover != null, replies)));
  }

  /** Teachers send only lessons with virtual instances in them (the reports count the rest). */
  private int expectedLessons(int student) {
    return (int) run.lessons.values().stream().flatMap(List::stream).filter(r -> r.student() == student && r.sent() > 0).count();
  }

  private void start(RoundPhase phase, int items, IntConsumer send) {
    run.phase = phase;
    run.pending.clear();
    for (int i = 0; i < items; i++) if (!lost.contains(site(i))) run.pending.add(i);
    run.total = run.pending.size();
    run.attempts = new int[items];
    run.phaseStart = System.nanoTime();
    timers.startSingleTimer("phase", new PhaseTimeout(run.round, phase), options.timeout(phase));
    publish(0);
    if (send != null) for (int i : List.copyOf(run.pending)) send.accept(i);
  }

  /** The site whose learner does work item {@code item} of the current phase. */
  private int site(int item) {
    return run.phase == RoundPhase.COUNTERFACTUALS ? item / k : item;
  }

  /** The step for {@code item} is answered; when the phase is complete, account for it and go on. */
  private void done(int item) {
    run.pending.remove(item);
    publish(run.total - run.pending.size());
    advanceIfComplete();
  }

  private void advanceIfComplete() {
    if (!run.pending.isEmpty()) return;
    timers.cancel("phase");
    run.accounting.phase(run.phase, (System.nanoTime() - run.phaseStart) / 1e9);
    switch (run.phase) {
      case BASELINE_TRAINING -> identify();
      case DEFICIENCY_IDENTIFICATION -> {
        run.deficiencies.values().forEach(reports -> reports.forEach(run.accounting::deficiency));
        teach();
      }
      case COUNTERFACTUALS -> {
        run.lessons.values().forEach(reports -> reports.forEach(run.accounting::lesson));
        study();
      }
      case SET_COVER -> {
        run.kept.forEach(run.accounting::curriculum);
        start(RoundPhase.RETRAINING, k, j -> learners.get(j).tell(new LearnerActor.Retrain(run.round, run.request.seed(), replies)));
      }
      case RETRAINING -> start(RoundPhase.EVALUATION, k, i -> learners.get(i).tell(new LearnerActor.Evaluate(run.round, replies)));
      case EVALUATION -> endRound();
    }
  }

  private void endRound() {
    if (run.withoutSetCover != null) {
      run.evaluations.forEach((i, v) -> {
        run.withoutSetCover.accuracy(i, v.baselineAccuracy(), v.distilledAccuracy());
        run.withoutSetCover.balancedAccuracy(i, v.baselineBalancedAccuracy(), v.distilledBalancedAccuracy());
      });
      finish(maximumReached());
      return;
    }
    boolean anyValidation = false;
    boolean improved = false;
    for (var e : run.evaluations.entrySet()) {
      int i = e.getKey();
      LearnerActor.Evaluated v = e.getValue();
      run.accounting.accuracy(i, v.baselineAccuracy(), v.distilledAccuracy());
      run.accounting.balancedAccuracy(i, v.baselineBalancedAccuracy(), v.distilledBalancedAccuracy());
      if (Double.isNaN(v.validationAfter())) continue;
      anyValidation = true;
      double best = Double.isNaN(run.bestValidation[i]) ? v.validationBefore() : run.bestValidation[i];
      if (v.validationAfter() > best) improved = true;
      run.bestValidation[i] = Math.max(best, v.validationAfter());
    }
    run.results.add(run.accounting.result());
    if (run.request.alsoWithoutSetCover()) {
      studyWithoutSetCover();
    } else if (run.round >= run.request.maxRounds()) {
      finish(maximumReached());
    } else if (anyValidation && !improved) {
      finish("no learner improved its validation accuracy in round " + run.round);
    } else {
      run.round++;
      run.roundSeed = Seeds.derive(run.request.seed(), Seeds.Phase.ROUND, run.round);
      startRound();
    }
  }

  /**
   * The round's students study its lessons again keeping every instance, retrain and are evaluated;
   * the variant's accounting starts as the round's, up to and including the counterfactuals.
   */
  private void studyWithoutSetCover() {
    DistillationResult round = run.accounting.result();
    RoundAccounting variant = new RoundAccounting(names, run.roundSeed);
    run.deficiencies.values().forEach(reports -> reports.forEach(variant::deficiency));
    run.lessons.values().forEach(reports -> reports.forEach(variant::lesson));
    for (RoundPhase phase : List.of(RoundPhase.BASELINE_TRAINING, RoundPhase.DEFICIENCY_IDENTIFICATION, RoundPhase.COUNTERFACTUALS)) {
      Double seconds = round.phaseSeconds().get(phase);
      if (seconds != null) variant.phase(phase, seconds);
    }
    run.accounting = variant;
    run.withoutSetCover = variant;
    run.kept.clear();
    run.evaluations.clear();
    study();
  }

  private String maximumReached() {
    return "reached the maximum of " + run.request.maxRounds() + " round(s)";
  }

  private void finish(String stopReason) {
    getContext().getLog().info("run of seed {} completed after {} round(s): {}", run.request.seed(), run.results.size(), stopReason);
    run.request.replyTo().tell(new Completed(List.copyOf(run.results), stopReason,
        run.withoutSetCover == null ? null : run.withoutSetCover.result()));
    run = null;
  }

  private void fail(String error) {
    getContext().getLog().error("run of seed {} failed in round {}: {}", run.request.seed(), run.round, error);
    timers.cancel("phase");
    run.request.replyTo().tell(new RunFailed(error, List.copyOf(run.results)));
    run = null;
  }

  private void publish(int done) {
    Progress progress = new Progress(run.round, run.phase, done, run.total);
    subscribers.forEach(s -> s.tell(progress));
  }

  // ---- answers --------------------------------------------------------------------------------

  private Behavior<Command> onReply(LearnerActor.Reply reply) {
    if (run == null) {
      getContext().getLog().debug("no run in progress; ignored {}", reply);
      return this;
    }
    if (reply instanceof LearnerActor.Trained t) {
      if (expected(t.round(), t.learner(), RoundPhase.BASELINE_TRAINING, t.learner())) {
        run.snapshots[t.learner()] = t.snapshot();
        run.masks.set(t.learner(), t.mask());
        done(t.learner());
      }
    } else if (reply instanceof LearnerActor.Identified d) {
      if (expected(d.round(), d.learner(), RoundPhase.DEFICIENCY_IDENTIFICATION, d.learner())) {
        String problem = checkDeficiencies(d.reports());
        if (problem != null) {
          fail("learner " + names.get(d.learner()) + " sent a bad deficiency report: " + problem);
        } else {
          run.deficiencies.put(d.learner(), d.reports());
          done(d.learner());
        }
      }
    } else if (reply instanceof LearnerActor.Taught t) {
      for (int teacher : t.teachers()) {
        if (run == null || !known(teacher) || !expected(t.round(), t.site(), RoundPhase.COUNTERFACTUALS, item(t.site(), teacher))) continue;
        List<LessonReport> reports = t.reports().stream().filter(r -> r.teacher() == teacher).toList();
        String problem = checkLessons(teacher, reports);
        if (problem != null) {
          fail("teacher " + names.get(teacher) + " at " + names.get(t.site()) + " sent bad lesson counts: " + problem);
        } else {
          run.lessons.put(item(t.site(), teacher), reports);
          done(item(t.site(), teacher));
        }
      }
    } else if (reply instanceof LearnerActor.TeachingFailed f) {
      int item = item(f.site(), f.teacher());
      if (known(f.teacher()) && expected(f.round(), f.site(), RoundPhase.COUNTERFACTUALS, item)) {
        retry(item, "teacher " + names.get(f.teacher()) + " at " + names.get(f.site()) + " failed: " + f.error(), () -> reteach(item));
      }
    } else if (reply instanceof LearnerActor.Studied s) {
      if (expected(s.round(), s.learner(), RoundPhase.SET_COVER, s.learner())) {
        if (s.keptByTeacher().length != k) {
          fail("learner " + names.get(s.learner()) + " reported kept instances for " + s.keptByTeacher().length + " teachers, not " + k);
        } else if (s.audit() != null && s.audit().site() != s.learner()) {
          fail("learner " + names.get(s.learner()) + " sent the privacy audit of site " + s.audit().site());
        } else {
          run.kept.put(s.learner(), s.keptByTeacher());
          if (s.audit() != null) run.accounting.audit(s.audit());
          done(s.learner());
        }
      }
    } else if (reply instanceof LearnerActor.Retrained r) {
      if (expected(r.round(), r.learner(), RoundPhase.RETRAINING, r.learner())) {
        run.snapshots[r.learner()] = r.snapshot();
        done(r.learner());
      }
    } else if (reply instanceof LearnerActor.Evaluated e) {
      if (expected(e.round(), e.learner(), RoundPhase.EVALUATION, e.learner())) {
        run.evaluations.put(e.learner(), e);
        done(e.learner());
      }
    } else if (reply instanceof LearnerActor.Failed f) {
      if (expected(f.round(), f.learner(), f.phase(), f.learner())) retry(f.learner(), f.error(), () -> resend(f.learner()));
    } else if (reply instanceof LearnerActor.Rejected r) {
      if (known(r.learner())) fail(r.reason());
    }
    return this;
  }

  /** Whether an answer belongs to the current phase and item; an answer from an unknown learner fails the run. */
  private boolean expected(int round, int learner, RoundPhase phase, int item) {
    if (!known(learner)) return false;
    if (round != run.round || phase != run.phase || !run.pending.contains(item)) {
      getContext().getLog().debug("ignored a late or repeated answer of learner {} for {} in round {}", names.get(learner), phase, round);
      return false;
    }
    return true;
  }

  private boolean known(int learner) {
    if (learner >= 0 && learner < k) return true;
    fail("an answer came from unknown learner index " + learner + " (learners are 0.." + (k - 1) + ")");
    return false;
  }

  private int item(int site, int teacher) {
    return site * k + teacher;
  }

  private void retry(int item, String error, Runnable resend) {
    if (++run.attempts[item] > options.retries()) {
      fail(error + " (gave up after " + options.retries() + " retr" + (options.retries() == 1 ? "y" : "ies") + ")");
    } else {
      getContext().getLog().warn("retry {} of {}: {}", run.attempts[item], options.retries(), error);
      resend.run();
    }
  }

  private void resend(int learner) {
    ActorRef<LearnerActor.Command> to = learners.get(learner);
    switch (run.phase) {
      case BASELINE_TRAINING -> to.tell(new LearnerActor.Train(run.round, run.request.seed(), replies));
      case DEFICIENCY_IDENTIFICATION -> to.tell(new LearnerActor.Identify(run.round, run.roundSeed, List.of(run.snapshots), replies));
      case SET_COVER -> to.tell(new LearnerActor.Study(run.round, expectedLessons(learner), run.withoutSetCover != null, replies));
      case RETRAINING -> to.tell(new LearnerActor.Retrain(run.round, run.request.seed(), replies));
      case EVALUATION -> to.tell(new LearnerActor.Evaluate(run.round, replies));
      case COUNTERFACTUALS -> throw new IllegalStateException("counterfactuals are retried per teacher");
    }
  }

  /** One report per ordered pair (i, j), i ≠ j, all from one site: anything else is malformed. */
  private String checkDeficiencies(List<DeficiencyReport> reports) {
    if (reports.size() != k * (k - 1)) {
      return (reports.isEmpty() ? "it is empty" : "it has " + reports.size() + " entries") + "; expected one per ordered pair, " + k * (k - 1);
    }
    Set<Integer> pairs = new HashSet<>();
    for (DeficiencyReport r : reports) {
      if (r.teacher() < 0 || r.teacher() >= k || r.student() < 0 || r.student() >= k || r.teacher() == r.student()) {
        return "unknown pair " + r.teacher() + "→" + r.student();
      }
      if (!pairs.add(item(r.teacher(), r.student()))) return "pair " + r.teacher() + "→" + r.student() + " twice";
      if (!r.site().equals(reports.get(0).site())) return "reports from two sites, " + reports.get(0).site() + " and " + r.site();
    }
    return null;
  }

  /** One lesson per student other than the teacher. */
  private String checkLessons(int teacher, List<LessonReport> reports) {
    Set<Integer> students = reports.stream().map(LessonReport::student).collect(Collectors.toSet());
    if (reports.size() != k - 1 || students.size() != k - 1 || students.contains(teacher)
        || students.stream().anyMatch(j -> j < 0 || j >= k)) {
      return "lessons for students " + reports.stream().map(r -> String.valueOf(r.student())).toList()
          + "; expected one for each learner but the teacher";
    }
    return null;
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
      run.pending.removeIf(item -> site(item) == m.learner());
      publish(run.total - run.pending.size());
      advanceIfComplete();
    }
    return this;
  }

  private String describeLost(Set<Integer> learners) {
    return learners.stream().map(i -> "learner " + names.get(i) + " (site " + i + ", on " + this.learners.get(i).path().address()
            + alsoOnItsNode(i) + ")")
        .collect(Collectors.joining(", ")) + (learners.size() == 1 ? " was" : " were") + " lost (its actor stopped: its node left or went down)";
  }

  /** The other sites a lost learner's node hosted (in a cluster): they go with it, and the error should say so at once. */
  private String alsoOnItsNode(int learner) {
    akka.actor.Address node = learners.get(learner).path().address();
    if (!node.hasGlobalScope()) return "";
    String others = IntStream.range(0, k).filter(j -> j != learner && learners.get(j).path().address().equals(node))
        .mapToObj(j -> names.get(j) + " (site " + j + ")").collect(Collectors.joining(", "));
    return others.isEmpty() ? "" : ", which also hosted " + others;
  }

  private Behavior<Command> onTimeout(PhaseTimeout m) {
    if (run == null || m.round() != run.round || m.phase() != run.phase) return this;
    List<String> silent = run.pending.stream().sorted().map(item -> run.phase == RoundPhase.COUNTERFACTUALS
        ? "teacher " + names.get(item % k) + " at " + names.get(item / k) : "learner " + names.get(item)).toList();
    fail("no answer to " + run.phase + " in round " + run.round + " within " + options.timeout(run.phase).toMillis() / 1000.0 + " s from " + String.join(", ", silent));
    return this;
  }
}
