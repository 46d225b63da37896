package io.coopdistill.actors;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.round.RoundPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * One phase of one round, as a barrier: a short-lived child of the {@link Supervisor} that sends
 * every work item's command, takes the learners' answers, and stops when the phase is done or
 * failed. It owns what a phase needs to wait: the items not yet answered, each item's attempts,
 * the phase's timer and its {@link Supervisor.Progress}.
 *
 * <p>Each accepted answer goes to the supervisor at once ({@link Accepted}), so that what a learner
 * lost later in the phase had answered still counts; then {@link Done} with the phase's seconds. A
 * learner that answers {@link LearnerActor.Failed} (or a teacher that answers
 * {@link LearnerActor.TeachingFailed}) gets its item's command again, up to {@code retries} times;
 * then the phase fails with that error. A rejected command, a malformed answer ({@link ReplyChecks}),
 * an answer from an unknown learner or the timeout fail the phase with a message naming the learner
 * ({@link Failed}). An answer for another round or phase, or for an item already answered, is
 * ignored; one that comes after the barrier stopped goes to dead letters.
 *
 * <p>The barrier takes two protocols on one actor: its own {@link Command}s and the learners'
 * {@link LearnerActor.Reply}s, each through a reference narrowed to it, so neither protocol extends
 * the other. The replies come to the barrier itself rather than through a message adapter: Akka
 * does not verify adapted messages with {@code serialize-messages}, and the privacy test must see
 * every reply serialised.
 */
public final class PhaseBarrier extends AbstractBehavior<Object> {

  /** The barrier's own commands (it also takes {@link LearnerActor.Reply}). */
  public sealed interface Command {}

  private enum Timeout implements Command, NoSerializationVerificationNeeded { INSTANCE }

  /** Site {@code site} was lost and the run goes on without its data: stop waiting for its work. */
  record DropSite(int site) implements Command, NoSerializationVerificationNeeded {}

  /** What the barrier tells the supervisor; {@code barrier} tells one barrier's reports from an earlier one's. */
  sealed interface Report {
    int barrier();
  }

  /** {@code reply} answers one work item (a {@link LearnerActor.Taught} names exactly one teacher). */
  record Accepted(int barrier, LearnerActor.Reply reply) implements Report, NoSerializationVerificationNeeded {}

  /** Every item was answered (or dropped) after {@code seconds}. */
  record Done(int barrier, double seconds) implements Report, NoSerializationVerificationNeeded {}

  /** The phase failed: {@code error} names the learner or teacher responsible. */
  record Failed(int barrier, String error) implements Report, NoSerializationVerificationNeeded {}

  /**
   * One unit of a phase's work: learner {@code site}'s step, or, for counterfactuals, teacher
   * {@code teacher}'s lessons made at site {@code site}.
   */
  public record WorkItem(int site, int teacher) implements Comparable<WorkItem> {
    /** The teacher of an item that is a learner's own step. */
    public static final int NONE = -1;

    public static WorkItem of(int learner) { return new WorkItem(learner, NONE); }

    /** The work of {@code phase} among {@code k} learners: every learner's step, or every site's every teacher, but none at lost sites. */
    public static List<WorkItem> all(RoundPhase phase, int k, Set<Integer> lost) {
      List<WorkItem> items = new ArrayList<>();
      for (int site = 0; site < k; site++) {
        if (lost.contains(site)) continue;
        if (phase != RoundPhase.COUNTERFACTUALS) items.add(of(site));
        else for (int teacher = 0; teacher < k; teacher++) items.add(new WorkItem(site, teacher));
      }
      return items;
    }

    @Override
    public int compareTo(WorkItem o) { return site != o.site ? Integer.compare(site, o.site) : Integer.compare(teacher, o.teacher); }

    String describe(List<String> names) {
      return teacher == NONE ? "learner " + names.get(site) : "teacher " + names.get(teacher) + " at " + names.get(site);
    }
  }

  /**
   * What one barrier waits for.
   *
   * @param items      the phase's work items (those of lost sites left out)
   * @param commandFor the command for some items of one site, answered to the given reference: the same
   *                   function serves the first send (all of a site's items in one command) and a retry (one item)
   */
  public record Phase(int barrier, int round, RoundPhase phase, List<WorkItem> items,
                      BiFunction<List<WorkItem>, ActorRef<LearnerActor.Reply>, LearnerActor.Command> commandFor) {
    public Phase {
      items = List.copyOf(items);
    }
  }

  private final Phase phase;
  private final List<ActorRef<LearnerActor.Command>> learners;
  private final List<String> names;
  private final int retries;
  private final Duration timeout;
  private final List<ActorRef<Supervisor.Progress>> subscribers;
  private final ActorRef<Report> supervisor;
  private final ActorRef<LearnerActor.Reply> answers;
  private final Set<WorkItem> pending = new TreeSet<>();
  private final Map<WorkItem, Integer> attempts = new HashMap<>();
  private final long start = System.nanoTime();

  public static Behavior<Object> create(Phase phase, List<ActorRef<LearnerActor.Command>> learners, List<String> names,
                                         RuntimeOptions options, List<ActorRef<Supervisor.Progress>> subscribers,
                                         ActorRef<Report> supervisor) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Timeout.INSTANCE, options.timeout(phase.phase()));
      return new PhaseBarrier(context, phase, learners, names, options, subscribers, supervisor).start();
    }));
  }

  private PhaseBarrier(ActorContext<Object> context, Phase phase, List<ActorRef<LearnerActor.Command>> learners, List<String> names,
                       RuntimeOptions options, List<ActorRef<Supervisor.Progress>> subscribers, ActorRef<Report> supervisor) {
    super(context);
    this.phase = phase;
    this.learners = List.copyOf(learners);
    this.names = List.copyOf(names);
    this.retries = options.retries();
    this.timeout = options.timeout(phase.phase());
    this.subscribers = List.copyOf(subscribers);
    this.supervisor = supervisor;
    this.answers = context.getSelf().narrow();
    pending.addAll(phase.items());
  }

  private Behavior<Object> start() {
    publish();
    Map<Integer, List<WorkItem>> bySite = new TreeMap<>();
    for (WorkItem item : pending) bySite.computeIfAbsent(item.site(), s -> new ArrayList<>()).add(item);
    bySite.forEach((site, items) -> send(items));
    return complete() ? done() : this;
  }

  private void send(List<WorkItem> items) {
    learners.get(items.get(0).site()).tell(phase.commandFor().apply(List.copyOf(items), answers));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(LearnerActor.Reply.class, this::onAnswer)
        .onMessage(DropSite.class, this::onDropSite)
        .onMessage(Timeout.class, t -> onTimeout())
        .build();
  }

  private Behavior<Object> onAnswer(LearnerActor.Reply reply) {
    if (reply instanceof LearnerActor.Rejected r) return known(r.learner()) ? fail(r.reason()) : unknown(r.learner());
    if (reply instanceof LearnerActor.Taught t) return onTaught(t);
    if (reply instanceof LearnerActor.TeachingFailed f) {
      if (!known(f.teacher()) || !known(f.site())) return unknown(known(f.site()) ? f.teacher() : f.site());
      WorkItem item = new WorkItem(f.site(), f.teacher());
      return expected(f.round(), RoundPhase.COUNTERFACTUALS, item)
          ? retry(item, "teacher " + names.get(f.teacher()) + " at " + names.get(f.site()) + " failed: " + f.error()) : this;
    }
    int learner = ReplyChecks.learner(reply);
    if (!known(learner)) return unknown(learner);
    WorkItem item = WorkItem.of(learner);
    if (reply instanceof LearnerActor.Failed f) return expected(f.round(), f.phase(), item) ? retry(item, f.error()) : this;
    if (!expected(reply.round(), ReplyChecks.phase(reply), item)) return this;
    String problem = ReplyChecks.problem(reply, names);
    return problem != null ? fail(problem) : accept(item, reply);
  }

  /** A site's report names the teachers whose lessons it sent: each answers its own item. */
  private Behavior<Object> onTaught(LearnerActor.Taught t) {
    if (!known(t.site())) return unknown(t.site());
    for (int teacher : t.teachers()) {
      if (!known(teacher)) return unknown(teacher);
      WorkItem item = new WorkItem(t.site(), teacher);
      if (!expected(t.round(), RoundPhase.COUNTERFACTUALS, item)) continue;
      List<LessonReport> reports = t.reports().stream().filter(r -> r.teacher() == teacher).toList();
      String problem = ReplyChecks.checkLessons(teacher, reports, learners.size());
      if (problem != null) return fail("teacher " + names.get(teacher) + " at " + names.get(t.site()) + " sent bad lesson counts: " + problem);
      Behavior<Object> next = accept(item, new LearnerActor.Taught(t.round(), t.site(), List.of(teacher), reports));
      if (next != this) return next;
    }
    return this;
  }

  /** Whether an answer belongs to this phase and to an item still pending. */
  private boolean expected(int round, RoundPhase answered, WorkItem item) {
    if (round == phase.round() && answered == phase.phase() && pending.contains(item)) return true;
    getContext().getLog().debug("ignored a late or repeated answer of {} for {} in round {}", item.describe(names), answered, round);
    return false;
  }

  private boolean known(int learner) {
    return learner >= 0 && learner < learners.size();
  }

  private Behavior<Object> unknown(int learner) {
    return fail("an answer came from unknown learner index " + learner + " (learners are 0.." + (learners.size() - 1) + ")");
  }

  private Behavior<Object> accept(WorkItem item, LearnerActor.Reply reply) {
    pending.remove(item);
    supervisor.tell(new Accepted(phase.barrier(), reply));
    publish();
    return complete() ? done() : this;
  }

  private Behavior<Object> retry(WorkItem item, String error) {
    int attempt = attempts.merge(item, 1, Integer::sum);
    if (attempt > retries) return fail(error + " (gave up after " + retries + " retr" + (retries == 1 ? "y" : "ies") + ")");
    getContext().getLog().warn("retry {} of {}: {}", attempt, retries, error);
    send(List.of(item));
    return this;
  }

  private Behavior<Object> onDropSite(DropSite m) {
    pending.removeIf(item -> item.site() == m.site());
    publish();
    return complete() ? done() : this;
  }

  private Behavior<Object> onTimeout() {
    List<String> silent = pending.stream().map(item -> item.describe(names)).toList();
    return fail("no answer to " + phase.phase() + " in round " + phase.round() + " within " + timeout.toMillis() / 1000.0
        + " s from " + String.join(", ", silent));
  }

  private boolean complete() {
    return pending.isEmpty();
  }

  private Behavior<Object> done() {
    supervisor.tell(new Done(phase.barrier(), (System.nanoTime() - start) / 1e9));
    return Behaviors.stopped();
  }

  private Behavior<Object> fail(String error) {
    supervisor.tell(new Failed(phase.barrier(), error));
    return Behaviors.stopped();
  }

  private void publish() {
    Supervisor.Progress progress = new Supervisor.Progress(phase.round(), phase.phase(), phase.items().size() - pending.size(),
        phase.items().size());
    subscribers.forEach(s -> s.tell(progress));
  }
}
