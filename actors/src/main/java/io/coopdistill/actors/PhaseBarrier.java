package io.coopdistill.actors;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.actors.site.LearnerProtocol.Reply;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.TeacherChoice;
import io.coopdistill.learners.distill.round.TeachingPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * One phase of one round, as a barrier: a short-lived child of the {@link Supervisor} that sends
 * every work item's command, takes the learners' answers, and stops when the phase is done or
 * failed. It owns what a phase needs to wait: the items not yet answered, when each was last heard
 * of, each item's attempts and the phase's {@link Supervisor.Progress}.
 *
 * <p>Each accepted answer goes to the supervisor at once ({@link Accepted}), so that what a learner
 * lost later in the phase had answered still counts; then {@link Done} with the phase's seconds. A
 * learner that answers {@link LearnerProtocol.Failed} (or a teacher that answers {@link
 * LearnerProtocol.TeachingFailed}) gets its item's command again, up to {@code retries} times; then
 * the phase fails with that error. A rejected command, a malformed answer ({@link ReplyChecks}), an
 * answer from an unknown learner or silence fail the phase with a message naming the learner
 * ({@link Failed}). An answer for another round or phase, or for an item already answered, is
 * ignored; one that comes after the barrier stopped goes to dead letters.
 *
 * <p><b>Liveness, not duration.</b> The phase's timeout bounds how long an item may go unheard of,
 * not how long it may take: a learner at work on its step, or a site whose teachers search, says so
 * every heartbeat ({@link LearnerProtocol.Working}, {@link LearnerProtocol.TeachersWorking}) and
 * its items' timeouts start again. A phase that makes progress never times out; an item silent for
 * the timeout fails the phase, naming its learner, however busy the others are.
 *
 * <p>The learners answer an {@code answers} child, which hands each {@link Reply} to the barrier as
 * {@link Answered}: so the barrier keeps a protocol of its own, and every reply is still delivered
 * as a message of its own (Akka does not verify the messages a {@code messageAdapter} adapts under
 * {@code serialize-messages}, and the privacy test must see every reply serialised).
 */
public final class PhaseBarrier extends AbstractBehavior<PhaseBarrier.Command> {

  /**
   * What the barrier takes: the learners' answers, the supervisor's news of a lost site, and its
   * silence check.
   */
  public sealed interface Command permits Answered, DropSite, CheckSilence {}

  /** A learner's (or a site's teachers') answer, from the barrier's {@code answers} child. */
  record Answered(Reply reply) implements Command, NoSerializationVerificationNeeded {}

  /** Site {@code site} was lost and the run goes on without its data: stop waiting for its work. */
  record DropSite(int site) implements Command, NoSerializationVerificationNeeded {}

  /** Time to look for items silent for longer than the timeout. */
  private enum CheckSilence implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /**
   * What the barrier tells the supervisor; {@code barrier} tells one barrier's reports from an
   * earlier one's.
   */
  sealed interface Report {
    int barrier();
  }

  /**
   * {@code reply} answers one work item (a {@link LearnerProtocol.Taught} names exactly one
   * teacher).
   */
  record Accepted(int barrier, Reply reply) implements Report, NoSerializationVerificationNeeded {}

  /** Every item was answered (or dropped) after {@code seconds}. */
  record Done(int barrier, double seconds) implements Report, NoSerializationVerificationNeeded {}

  /** The phase failed: {@code error} names the learner or teacher responsible. */
  record Failed(int barrier, String error) implements Report, NoSerializationVerificationNeeded {}

  /**
   * What one barrier waits for.
   *
   * @param plan the round's plan: which pairs each site reports and teaches
   * @param choice each student's teachers (fixed once the deficiencies are reported)
   * @param items the phase's work items (those of lost sites left out)
   * @param commandFor the command for some items of one site, answered to the given reference: the
   *     same function serves the first send (all of a site's items in one command) and a retry (one
   *     item)
   */
  record Phase(
      int barrier,
      int round,
      RoundPhase phase,
      TeachingPlan plan,
      TeacherChoice choice,
      List<WorkItem> items,
      BiFunction<List<WorkItem>, ActorRef<Reply>, LearnerProtocol.Command> commandFor) {
    Phase {
      items = List.copyOf(items);
    }
  }

  private final Phase phase;
  private final List<ActorRef<LearnerProtocol.Command>> learners;
  private final List<String> names;
  private final int retries;
  private final Duration timeout;
  private final List<ActorRef<Supervisor.Progress>> subscribers;
  private final ActorRef<Report> supervisor;
  private final TimerScheduler<Command> timers;
  private final ActorRef<Reply> answers;

  /** The items not answered yet, with when each was last heard of ({@link System#nanoTime()}). */
  private final TreeMap<WorkItem, Long> pending = new TreeMap<>();

  private final Map<WorkItem, Integer> attempts = new HashMap<>();
  private final long start = System.nanoTime();

  static Behavior<Command> create(
      Phase phase,
      List<ActorRef<LearnerProtocol.Command>> learners,
      List<String> names,
      RuntimeOptions options,
      List<ActorRef<Supervisor.Progress>> subscribers,
      ActorRef<Report> supervisor) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new PhaseBarrier(
                            context,
                            timers,
                            phase,
                            learners,
                            names,
                            options,
                            subscribers,
                            supervisor)
                        .start()));
  }

  private PhaseBarrier(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Phase phase,
      List<ActorRef<LearnerProtocol.Command>> learners,
      List<String> names,
      RuntimeOptions options,
      List<ActorRef<Supervisor.Progress>> subscribers,
      ActorRef<Report> supervisor) {
    super(context);
    this.phase = phase;
    this.learners = List.copyOf(learners);
    this.names = List.copyOf(names);
    this.retries = options.retries();
    this.timeout = options.timeout(phase.phase());
    this.subscribers = List.copyOf(subscribers);
    this.supervisor = supervisor;
    this.timers = timers;
    ActorRef<Command> self = context.getSelf();
    this.answers =
        context.spawn(
            Behaviors.receive(Reply.class)
                .onMessage(
                    Reply.class,
                    reply -> {
                      self.tell(new Answered(reply));
                      return Behaviors.same();
                    })
                .build(),
            "answers");
    phase.items().forEach(item -> pending.put(item, start));
  }

  private Behavior<Command> start() {
    publish();
    Map<Integer, List<WorkItem>> bySite = new TreeMap<>();
    for (WorkItem item : pending.keySet())
      bySite.computeIfAbsent(item.site(), s -> new ArrayList<>()).add(item);
    bySite.forEach((site, items) -> send(items));
    if (complete()) return done();
    timers.startSingleTimer(CheckSilence.INSTANCE, timeout);
    return this;
  }

  private void send(List<WorkItem> items) {
    learners.get(items.get(0).site()).tell(phase.commandFor().apply(List.copyOf(items), answers));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Answered.class, m -> onAnswer(m.reply()))
        .onMessage(DropSite.class, this::onDropSite)
        .onMessageEquals(CheckSilence.INSTANCE, this::onCheckSilence)
        .build();
  }

  private Behavior<Command> onAnswer(Reply reply) {
    if (reply instanceof LearnerProtocol.Rejected r)
      return known(r.learner()) ? fail(r.reason()) : unknown(r.learner());
    if (reply instanceof LearnerProtocol.Working w) return onWorking(w);
    if (reply instanceof LearnerProtocol.TeachersWorking t) return onTeachersWorking(t);
    if (reply instanceof LearnerProtocol.Taught t) return onTaught(t);
    if (reply instanceof LearnerProtocol.TeachingFailed f) {
      if (!known(f.teacher()) || !known(f.site()))
        return unknown(known(f.site()) ? f.teacher() : f.site());
      WorkItem item = new WorkItem(f.site(), f.teacher());
      return expected(f.round(), RoundPhase.COUNTERFACTUALS, item)
          ? retry(
              item,
              "teacher "
                  + names.get(f.teacher())
                  + " at "
                  + names.get(f.site())
                  + " failed: "
                  + f.error())
          : this;
    }
    int learner = ReplyChecks.learner(reply);
    if (!known(learner)) return unknown(learner);
    WorkItem item = WorkItem.of(learner);
    if (reply instanceof LearnerProtocol.Failed f)
      return expected(f.round(), f.phase(), item) ? retry(item, f.error()) : this;
    if (!expected(reply.round(), ReplyChecks.phase(reply), item)) return this;
    String problem = ReplyChecks.problem(reply, names, phase.plan());
    return problem != null ? fail(problem) : accept(item, reply);
  }

  /** A learner at work on its step: its item's timeout starts again. */
  private Behavior<Command> onWorking(LearnerProtocol.Working w) {
    if (!known(w.learner())) return unknown(w.learner());
    WorkItem item = WorkItem.of(w.learner());
    if (expected(w.round(), w.phase(), item)) pending.put(item, System.nanoTime());
    return this;
  }

  /** A site's teachers still searching: their items' timeouts start again. */
  private Behavior<Command> onTeachersWorking(LearnerProtocol.TeachersWorking t) {
    if (!known(t.site())) return unknown(t.site());
    long now = System.nanoTime();
    for (int teacher : t.teachers()) {
      if (!known(teacher)) return unknown(teacher);
      WorkItem item = new WorkItem(t.site(), teacher);
      if (expected(t.round(), RoundPhase.COUNTERFACTUALS, item)) pending.put(item, now);
    }
    return this;
  }

  /** A site's report names the teachers whose lessons it sent: each answers its own item. */
  private Behavior<Command> onTaught(LearnerProtocol.Taught t) {
    if (!known(t.site())) return unknown(t.site());
    Map<Integer, List<LessonReport>> byTeacher =
        t.reports().stream().collect(Collectors.groupingBy(LessonReport::teacher));
    for (int teacher : t.teachers()) {
      if (!known(teacher)) return unknown(teacher);
      WorkItem item = new WorkItem(t.site(), teacher);
      if (!expected(t.round(), RoundPhase.COUNTERFACTUALS, item)) continue;
      List<LessonReport> reports = byTeacher.getOrDefault(teacher, List.of());
      String problem =
          ReplyChecks.checkLessons(t.site(), teacher, reports, phase.plan(), phase.choice());
      if (problem != null)
        return fail(
            "teacher "
                + names.get(teacher)
                + " at "
                + names.get(t.site())
                + " sent bad lesson counts: "
                + problem);
      Behavior<Command> next =
          accept(item, new LearnerProtocol.Taught(t.round(), t.site(), List.of(teacher), reports));
      if (next != this) return next;
    }
    return this;
  }

  /** Whether an answer belongs to this phase and to an item still pending. */
  private boolean expected(int round, RoundPhase answered, WorkItem item) {
    if (round == phase.round() && answered == phase.phase() && pending.containsKey(item))
      return true;
    getContext()
        .getLog()
        .debug(
            "ignored a late or repeated answer of {} for {} in round {}",
            item.describe(names),
            answered,
            round);
    return false;
  }

  private boolean known(int learner) {
    return learner >= 0 && learner < learners.size();
  }

  private Behavior<Command> unknown(int learner) {
    return fail(
        "an answer came from unknown learner index "
            + learner
            + " (learners are 0.."
            + (learners.size() - 1)
            + ")");
  }

  private Behavior<Command> accept(WorkItem item, Reply reply) {
    pending.remove(item);
    supervisor.tell(new Accepted(phase.barrier(), reply));
    publish();
    return complete() ? done() : this;
  }

  private Behavior<Command> retry(WorkItem item, String error) {
    int attempt = attempts.merge(item, 1, Integer::sum);
    if (attempt > retries)
      return fail(
          error + " (gave up after " + retries + " retr" + (retries == 1 ? "y" : "ies") + ")");
    getContext().getLog().warn("retry {} of {}: {}", attempt, retries, error);
    pending.put(item, System.nanoTime());
    send(List.of(item));
    return this;
  }

  private Behavior<Command> onDropSite(DropSite m) {
    pending.keySet().removeIf(item -> item.site() == m.site());
    publish();
    return complete() ? done() : this;
  }

  /** Fails naming every item silent for the timeout; else looks again when the next could be. */
  private Behavior<Command> onCheckSilence() {
    long now = System.nanoTime();
    long limit = timeout.toNanos();
    List<String> silent =
        pending.entrySet().stream()
            .filter(e -> now - e.getValue() >= limit)
            .map(e -> e.getKey().describe(names))
            .toList();
    if (!silent.isEmpty()) {
      return fail(
          "no answer to "
              + phase.phase()
              + " in round "
              + phase.round()
              + " within "
              + timeout.toMillis() / 1000.0
              + " s from "
              + String.join(", ", silent));
    }
    long lastHeardFirst = pending.values().stream().mapToLong(Long::longValue).min().orElse(now);
    timers.startSingleTimer(
        CheckSilence.INSTANCE, Duration.ofNanos(Math.max(lastHeardFirst + limit - now, 1_000_000)));
    return this;
  }

  private boolean complete() {
    return pending.isEmpty();
  }

  private Behavior<Command> done() {
    supervisor.tell(new Done(phase.barrier(), (System.nanoTime() - start) / 1e9));
    return Behaviors.stopped();
  }

  private Behavior<Command> fail(String error) {
    supervisor.tell(new Failed(phase.barrier(), error));
    return Behaviors.stopped();
  }

  private void publish() {
    Supervisor.Progress progress =
        new Supervisor.Progress(
            phase.round(),
            phase.phase(),
            phase.items().size() - pending.size(),
            phase.items().size());
    subscribers.forEach(s -> s.tell(progress));
  }
}
