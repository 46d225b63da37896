package io.coopdistill.actors.site;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import io.coopdistill.actors.site.LearnerProtocol.Beat;
import io.coopdistill.actors.site.LearnerProtocol.Command;
import io.coopdistill.actors.site.LearnerProtocol.Evaluate;
import io.coopdistill.actors.site.LearnerProtocol.Evaluated;
import io.coopdistill.actors.site.LearnerProtocol.Failed;
import io.coopdistill.actors.site.LearnerProtocol.Identified;
import io.coopdistill.actors.site.LearnerProtocol.Identify;
import io.coopdistill.actors.site.LearnerProtocol.Learn;
import io.coopdistill.actors.site.LearnerProtocol.Rejected;
import io.coopdistill.actors.site.LearnerProtocol.Reply;
import io.coopdistill.actors.site.LearnerProtocol.Retrain;
import io.coopdistill.actors.site.LearnerProtocol.Retrained;
import io.coopdistill.actors.site.LearnerProtocol.Sent;
import io.coopdistill.actors.site.LearnerProtocol.StepDone;
import io.coopdistill.actors.site.LearnerProtocol.StepFailed;
import io.coopdistill.actors.site.LearnerProtocol.Studied;
import io.coopdistill.actors.site.LearnerProtocol.Study;
import io.coopdistill.actors.site.LearnerProtocol.Teach;
import io.coopdistill.actors.site.LearnerProtocol.Train;
import io.coopdistill.actors.site.LearnerProtocol.Trained;
import io.coopdistill.actors.site.LearnerProtocol.Working;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.ObjectiveModel;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.curriculum.StudentCurriculum;
import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.distill.round.Acceptance;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.distill.round.TeachingPlan;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.SitePrivacy;
import io.coopdistill.learners.privacy.audit.SiteAudit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One site: its learner, its private data and its models. It trains, hands out model snapshots,
 * scores its own rows with every peer's model, reports deficiencies (counts only), has its {@link
 * TeacherActor}s teach from its rows (a {@link Teaching} child per {@link Teach}), receives lessons
 * as a student, retrains and evaluates ({@link LearnerProtocol}). The data sets come through {@link
 * #create} and never leave it: no message type carries a row.
 *
 * <p><b>Phases.</b> The learner is in one phase at a time, a behaviour that holds only what exists
 * in that phase: <i>untrained</i>; <i>started</i> (a round's starting model); <i>identified</i>
 * (the round's models and deficiencies: it teaches and receives lessons); <i>awaiting lessons</i>
 * (asked to study before every lesson came); <i>studied</i> (its curriculum); <i>retrained</i> (the
 * retrained model: it evaluates, or starts the next round with it). A command out of order is
 * answered with {@link Rejected} and changes nothing; so is other bad input (an unknown learner
 * index, a snapshot that cannot be restored, a lesson of the wrong width). {@link Train} starts a
 * new run from any phase.
 *
 * <p><b>Steps.</b> Training, scoring, set cover, retraining and evaluation are blocking: each runs
 * in a future on the training dispatcher while the learner is <i>working</i>, a phase that keeps
 * every command for later and tells the step's barrier every {@code heartbeat} that it is still at
 * work ({@link Working}), however long the step waits for a thread or runs. The step's result is
 * answered and taken into the next phase. A step that throws changes nothing: the learner answers
 * {@link Failed} and goes back to the phase it was in, so the barrier can simply retry; one that
 * throws {@link IllegalArgumentException} (data the learner cannot train on) is answered with
 * {@link Rejected}, as it would fail the same way again.
 */
public final class LearnerActor {

  /** Blocking training, scoring, set cover and evaluation. */
  public static final String TRAINING_DISPATCHER = "coopdistill.dispatchers.training";

  /**
   * The most commands kept while a step runs (normally none come: the barriers wait for the step).
   */
  private static final int STASHED = 10_000;

  /**
   * A run at this site: the method under the run's privacy options, and the site's guard of its
   * private rows.
   */
  private record Run(DistillationMethod method, SitePrivacy privacy) {}

  /**
   * Round {@code number} of a run as it starts here, from {@code start}; {@code kept} holds the
   * virtual instances this student kept in earlier rounds.
   */
  private record RoundStart(Run run, int number, Model start, Optional<Dataset> kept) {}

  /**
   * A round's deficiencies, found with the models of the round's plan (indexed like the learners;
   * null where not scored here).
   */
  private record Scored(
      RoundStart round,
      long roundSeed,
      List<Model> models,
      SiteTeaching.Deficiencies deficiencies) {
    int number() {
      return round.number();
    }
  }

  /** A student's curriculum, and its site's audit of what it sent, made in one step. */
  private record Curriculum(StudentCurriculum curriculum, SiteAudit audit) {}

  /** Round 1's baseline, with what the run needs from it. */
  private record Baseline(
      Model model, ModelSnapshot snapshot, boolean[][] mask, SitePrivacy privacy) {}

  /** The models scored with and the deficiencies found. */
  private record Scores(List<Model> models, SiteTeaching.Deficiencies found) {}

  /**
   * The model a student keeps after retraining, the snapshot its peers get, and its decision (null:
   * not judged).
   */
  private record Shared(Model model, ModelSnapshot snapshot, Boolean accepted) {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final StashBuffer<Command> stash;
  private final Executor training;
  private final int index;
  private final Site site;
  private final Dataset test;
  private final DistillationMethod method;
  private final Duration heartbeat;
  private final LessonSink sentLessons;

  /**
   * @param site the site, with its validation rows for the stop rule and its held-out rows for the
   *     privacy audit, where it has them
   * @param test the shared test set for evaluation, or null
   * @param method the method the site follows; each run brings its privacy options ({@link Train})
   * @param heartbeat how often a step at work tells its barrier so
   * @param sentLessons told of every lesson this site sends, as it sends it (the run's record of
   *     what left the site)
   */
  public static Behavior<Command> create(
      int index,
      Site site,
      Dataset test,
      DistillationMethod method,
      Duration heartbeat,
      LessonSink sentLessons) {
    if (method.options().transfer() != DistillationOptions.Transfer.COUNTERFACTUALS) {
      // By construction no actor message carries a training row; the raw-sharing reference runs
      // only in the synchronous CooperativeDistillation.
      throw new IllegalArgumentException(
          "the actor runtime never ships private rows: "
              + DistillationOptions.PATH
              + ".transfer must be counterfactuals, got "
              + method.options().transfer());
    }
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    Behaviors.withStash(
                        STASHED,
                        stash ->
                            new LearnerActor(
                                    context,
                                    timers,
                                    stash,
                                    index,
                                    site,
                                    test,
                                    method,
                                    heartbeat,
                                    sentLessons)
                                .untrained())));
  }

  private LearnerActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      StashBuffer<Command> stash,
      int index,
      Site site,
      Dataset test,
      DistillationMethod method,
      Duration heartbeat,
      LessonSink sentLessons) {
    this.context = context;
    this.timers = timers;
    this.stash = stash;
    this.training =
        context
            .getSystem()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig(TRAINING_DISPATCHER));
    this.index = index;
    this.site = site;
    this.test = test;
    this.method = method;
    this.heartbeat = heartbeat;
    this.sentLessons = sentLessons;
  }

  // ---- phases ---------------------------------------------------------------------------------

  /** No run yet, or the last run's training failed. */
  private Behavior<Command> untrained() {
    return phase(
        Behaviors.receive(Command.class)
            .onMessage(
                Identify.class,
                m ->
                    reject(
                        m.round(),
                        m.replyTo(),
                        "asked to identify deficiencies before it was trained"))
            .onMessage(
                Learn.class,
                m ->
                    refuseLessons(
                        m,
                        "lessons from site "
                            + m.site()
                            + " are for round "
                            + m.round()
                            + ", but it has not been trained")));
  }

  /** Round {@code round} has its starting model: waiting for its deficiency identification. */
  private Behavior<Command> started(RoundStart round) {
    return phase(
        Behaviors.receive(Command.class)
            .onMessage(
                Identify.class,
                m ->
                    m.round() == round.number()
                        ? identify(round, m, () -> started(round))
                        : reject(
                            m.round(),
                            m.replyTo(),
                            "asked to identify deficiencies of round "
                                + m.round()
                                + " in round "
                                + round.number()))
            .onMessage(
                Learn.class,
                m ->
                    refuseLessons(
                        m,
                        "lessons from site "
                            + m.site()
                            + " for round "
                            + m.round()
                            + " came before it identified its deficiencies of round "
                            + round.number())));
  }

  /**
   * The round's deficiencies are known: its teachers teach, its student receives lessons.
   *
   * @param teachings how many {@link Teaching} children the round has had (each has a name of its
   *     own)
   */
  private Behavior<Command> identified(Scored scored, RoundInbox inbox, int teachings) {
    return phase(
        Behaviors.receive(Command.class)
            .onMessage(Teach.class, m -> teach(scored, inbox, teachings, m))
            .onMessage(Sent.class, m -> sent(scored, inbox, m))
            .onMessage(Learn.class, m -> receive(scored, inbox, m))
            .onMessage(Study.class, m -> firstStudy(scored, inbox, teachings, m))
            .onMessage(Identify.class, m -> identifiedAlready(scored, m)));
  }

  /** Asked to study before every lesson of the round came: studies once the last one is here. */
  private Behavior<Command> awaitingLessons(
      Scored scored, RoundInbox inbox, int teachings, Study pending) {
    return phase(
        Behaviors.receive(Command.class)
            .onMessage(Sent.class, m -> sent(scored, inbox, m))
            .onMessage(
                Learn.class,
                m -> {
                  if (!keep(scored, inbox, m)) {
                    if (inbox.refusal().isEmpty()) return Behaviors.same();
                    // The lessons' rejection went to the barrier of the counterfactuals, which may
                    // have ended: the study's barrier hears it too.
                    reject(pending.round(), pending.replyTo(), inbox.refusal().get());
                    return identified(scored, inbox, teachings);
                  }
                  // A lesson came: the student is waiting on its senders, not stuck.
                  pending.replyTo().tell(new Working(pending.round(), index, RoundPhase.SET_COVER));
                  return inbox.receivedCount() < pending.expectedLessons()
                      ? Behaviors.same()
                      : study(
                          scored,
                          inbox,
                          pending,
                          Optional.empty(),
                          () -> identified(scored, inbox, teachings));
                })
            .onMessage(Study.class, m -> firstStudy(scored, inbox, teachings, m))
            .onMessage(Teach.class, this::teachAfterStudy)
            .onMessage(Identify.class, m -> identifiedAlready(scored, m)));
  }

  /**
   * The student has its curriculum: it retrains, or studies the same lessons under another variant.
   */
  private Behavior<Command> studied(Scored scored, RoundInbox inbox, Curriculum curriculum) {
    return phase(
        Behaviors.receive(Command.class)
            .onMessage(Learn.class, m -> receive(scored, inbox, m))
            .onMessage(
                Study.class,
                m ->
                    study(
                        scored,
                        inbox,
                        m,
                        Optional.of(curriculum.audit()),
                        () -> studied(scored, inbox, curriculum)))
            .onMessage(
                Retrain.class,
                m ->
                    retrain(scored, inbox, curriculum, m, () -> studied(scored, inbox, curriculum)))
            .onMessage(Teach.class, this::teachAfterStudy)
            .onMessage(Identify.class, m -> identifiedAlready(scored, m)));
  }

  /**
   * The student retrained: it is evaluated, retrains or studies again (another variant), or starts
   * the next round from the retrained model.
   */
  private Behavior<Command> retrained(
      Scored scored, RoundInbox inbox, Curriculum curriculum, Model model) {
    Supplier<Behavior<Command>> unchanged = () -> retrained(scored, inbox, curriculum, model);
    return phase(
        Behaviors.receive(Command.class)
            .onMessage(Learn.class, m -> receive(scored, inbox, m))
            .onMessage(
                Study.class,
                m -> study(scored, inbox, m, Optional.of(curriculum.audit()), unchanged))
            .onMessage(Retrain.class, m -> retrain(scored, inbox, curriculum, m, unchanged))
            .onMessage(
                Evaluate.class,
                m ->
                    m.round() != scored.number()
                        ? reject(
                            m.round(),
                            m.replyTo(),
                            "asked to evaluate round " + m.round() + " before retraining")
                        : evaluate(scored.round().start(), model, m, unchanged))
            .onMessage(Teach.class, this::teachAfterStudy)
            .onMessage(
                Identify.class,
                m -> {
                  if (m.round() <= scored.number()) return identifiedAlready(scored, m);
                  Dataset virtual = curriculum.curriculum().virtual();
                  Optional<Dataset> kept =
                      Optional.of(
                          scored
                              .round()
                              .kept()
                              .map(
                                  earlier ->
                                      earlier.concat(site.data().name() + "/virtual", virtual))
                              .orElse(virtual));
                  return identify(
                      new RoundStart(scored.round().run(), m.round(), model, kept), m, unchanged);
                }));
  }

  /**
   * A phase: its own handlers, then what every phase does with a command it has no handler for:
   * {@link Train} starts a new run; the others are out of order and rejected.
   */
  private Behavior<Command> phase(BehaviorBuilder<Command> own) {
    return own.onMessage(Train.class, this::train)
        .onMessage(
            Teach.class,
            m ->
                reject(
                    m.round(),
                    m.replyTo(),
                    "asked to teach in round "
                        + m.round()
                        + " before identifying its deficiencies"))
        .onMessage(
            Study.class,
            m ->
                reject(
                    m.round(), m.replyTo(), "asked to study round " + m.round() + " out of order"))
        .onMessage(
            Retrain.class,
            m ->
                reject(
                    m.round(),
                    m.replyTo(),
                    "asked to retrain round " + m.round() + " before studying it"))
        .onMessage(
            Evaluate.class,
            m ->
                reject(
                    m.round(),
                    m.replyTo(),
                    "asked to evaluate round " + m.round() + " before retraining"))
        .build();
  }

  // ---- steps ----------------------------------------------------------------------------------

  private Behavior<Command> train(Train m) {
    long seed = Seeds.derive(m.seed(), Seeds.Phase.TRAINING, index);
    return step(
        RoundPhase.BASELINE_TRAINING,
        m.round(),
        m.replyTo(),
        this::untrained,
        () -> {
          Model model = site.learner().train(site.data(), seed);
          return new Baseline(
              model,
              model.snapshot(),
              method.generator().pixelMask(site.data()).map(LearnerActor::matrix).orElse(null),
              SitePrivacy.of(site.data(), m.privacy(), SitePrivacy.noiseSeed(m.seed(), index)));
        },
        b -> new Trained(m.round(), index, b.snapshot(), b.mask()),
        b ->
            started(
                new RoundStart(
                    new Run(method.with(m.privacy()), b.privacy()),
                    m.round(),
                    b.model(),
                    Optional.empty())));
  }

  private Behavior<Command> identify(
      RoundStart round, Identify m, Supplier<Behavior<Command>> before) {
    int k = m.snapshots().size();
    if (index >= k)
      return reject(
          m.round(),
          m.replyTo(),
          "its index " + index + " is not among the " + k + " learners' snapshots");
    return step(
        RoundPhase.DEFICIENCY_IDENTIFICATION,
        m.round(),
        m.replyTo(),
        before,
        () -> {
          // Only the models the round's plan scores here are restored (all of them up to the
          // many-agent bound).
          TeachingPlan plan =
              TeachingPlan.of(k, round.run().method().options().manyAgents(), m.roundSeed());
          List<Model> models = new ArrayList<>(Collections.nCopies(k, null));
          for (int i : plan.scoredAt(index))
            models.set(i, i == index ? round.start() : restore(i, m.snapshots().get(i)));
          SiteTeaching.Deficiencies found =
              SiteTeaching.identify(
                  index, site.data(), models, plan, round.run().method().options(), m.roundSeed());
          // The round keeps only the models its teaching needs; a many-agent site lets the others
          // go.
          boolean studentObjective =
              round.run().method().generator().options().objectiveModel() == ObjectiveModel.STUDENT;
          return new Scores(plan.heldForTeaching(index, models, studentObjective), found);
        },
        s -> new Identified(m.round(), index, s.found().reports()),
        s ->
            identified(
                new Scored(round, m.roundSeed(), s.models(), s.found()), new RoundInbox(), 0));
  }

  private Behavior<Command> identifiedAlready(Scored scored, Identify m) {
    return reject(
        m.round(),
        m.replyTo(),
        m.round() < scored.number()
            ? "asked to identify deficiencies of past round "
                + m.round()
                + " in round "
                + scored.number()
            : "asked to identify deficiencies of round "
                + m.round()
                + ", which it has identified already (it is in round "
                + scored.number()
                + ")");
  }

  private Behavior<Command> teach(Scored scored, RoundInbox inbox, int teachings, Teach m) {
    if (m.round() != scored.number()) {
      return reject(
          m.round(),
          m.replyTo(),
          "asked to teach in round " + m.round() + " before identifying its deficiencies");
    }
    int k = scored.models().size();
    if (m.learners().size() != k || m.masks().size() != k) {
      return reject(
          m.round(),
          m.replyTo(),
          "asked to teach with "
              + m.learners().size()
              + " learners and "
              + m.masks().size()
              + " masks; it scored with "
              + k
              + " models");
    }
    for (int teacher : m.teachers()) {
      if (teacher < 0 || teacher >= k)
        return reject(
            m.round(),
            m.replyTo(),
            "unknown teacher index " + teacher + " (learners 0.." + (k - 1) + ")");
    }
    if (m.teachers().isEmpty()) return Behaviors.same();
    List<TeacherActor.Assignment> work = new ArrayList<>();
    for (int teacher : m.teachers()) {
      boolean[][] mask = m.masks().get(teacher);
      work.add(
          new TeacherActor.Assignment(
              scored.number(),
              m.roundSeed(),
              index,
              site.data(),
              teacher,
              scored.deficiencies().ofTeacher(teacher, m.choice()),
              scored.models(),
              mask == null ? null : PixelMask.of(mask),
              scored.round().run().method().generator(),
              scored.round().run().privacy()));
    }
    context.spawn(
        Teaching.create(work, m.learners(), m.replyTo(), context.getSelf(), sentLessons, heartbeat),
        "teaching-round-" + m.round() + "-" + (teachings + 1));
    return identified(scored, inbox, teachings + 1);
  }

  private Behavior<Command> teachAfterStudy(Teach m) {
    return reject(
        m.round(),
        m.replyTo(),
        "asked to teach in round " + m.round() + " after its student began to study");
  }

  private Behavior<Command> sent(Scored scored, RoundInbox inbox, Sent m) {
    if (m.round() == scored.number()) inbox.sent(m.teacher(), m.taught());
    return Behaviors.same();
  }

  /**
   * Keeps the lessons of {@code m} for the round, or rejects them: a bad one refuses them all, and
   * the student's study of the round too.
   *
   * @return whether they were kept
   */
  private boolean keep(Scored scored, RoundInbox inbox, Learn m) {
    Optional<String> problem = problem(m);
    if (problem.isPresent()) {
      if (m.round() == scored.number()) inbox.refuse(problem.get());
      reject(m.round(), m.replyTo(), problem.get());
      return false;
    }
    if (m.round() != scored.number()) {
      reject(
          m.round(),
          m.replyTo(),
          "lessons from site "
              + m.site()
              + " are for round "
              + m.round()
              + ", this is round "
              + scored.number());
      return false;
    }
    m.lessons().forEach(inbox::receive);
    return true;
  }

  private Behavior<Command> receive(Scored scored, RoundInbox inbox, Learn m) {
    keep(scored, inbox, m);
    return Behaviors.same();
  }

  /**
   * Lessons that come where none are expected: rejected for what is wrong with them, else for
   * {@code outOfOrder}.
   */
  private Behavior<Command> refuseLessons(Learn m, String outOfOrder) {
    return reject(m.round(), m.replyTo(), problem(m).orElse(outOfOrder));
  }

  /** What is wrong with the lessons of {@code m} for this student, if anything. */
  private Optional<String> problem(Learn m) {
    for (Lesson lesson : m.lessons()) {
      String problem =
          lesson.site() != m.site()
              ? "lesson from site "
                  + lesson.site()
                  + ", teacher "
                  + lesson.teacher()
                  + " came in a message from site "
                  + m.site()
              : lesson.problemFor(index, site.data());
      if (problem != null) return Optional.of(problem);
    }
    return Optional.empty();
  }

  /** The round's first study: at once if every expected lesson is here, else once they are. */
  private Behavior<Command> firstStudy(Scored scored, RoundInbox inbox, int teachings, Study m) {
    if (m.round() == scored.number()
        && inbox.refusal().isEmpty()
        && inbox.receivedCount() < m.expectedLessons()) {
      return awaitingLessons(scored, inbox, teachings, m);
    }
    return study(scored, inbox, m, Optional.empty(), () -> identified(scored, inbox, teachings));
  }

  /**
   * Builds the round's curriculum from the lessons received, which must be the {@code
   * expectedLessons}.
   *
   * @param audit the site's audit of the round, when an earlier study made it
   * @param before the phase to go back to if the set cover throws
   */
  private Behavior<Command> study(
      Scored scored,
      RoundInbox inbox,
      Study m,
      Optional<SiteAudit> audit,
      Supplier<Behavior<Command>> before) {
    if (m.round() != scored.number())
      return reject(m.round(), m.replyTo(), "asked to study round " + m.round() + " out of order");
    if (inbox.refusal().isPresent()) return reject(m.round(), m.replyTo(), inbox.refusal().get());
    if (inbox.receivedCount() != m.expectedLessons()) {
      return reject(
          m.round(),
          m.replyTo(),
          "received " + inbox.receivedCount() + " lessons, expected " + m.expectedLessons());
    }
    List<Lesson> received = inbox.received();
    SiteTeaching.Taught sent = inbox.sent();
    Run run = scored.round().run();
    int k = scored.models().size();
    StudentCurriculum.Budget budget =
        run.method().options().manyAgents().budgetOf(k, index, scored.roundSeed());
    return step(
        RoundPhase.SET_COVER,
        m.round(),
        m.replyTo(),
        before,
        () ->
            new Curriculum(
                m.curriculum()
                    .curriculum(site.data(), received, k, budget, run.method().setCover()),
                audit.orElseGet(
                    () ->
                        SiteAudit.of(
                            index,
                            run.privacy(),
                            SiteAudit.nonMembers(
                                index, run.privacy(), site.heldOut(), test, scored.roundSeed()),
                            sent.lessons(),
                            sent.sources(),
                            sent.behind(),
                            scored.models(),
                            run.method().generator().options().alpha(),
                            site.learner(),
                            scored.roundSeed()))),
        c -> new Studied(m.round(), index, c.curriculum().keptByTeacher(), c.audit()),
        c -> studied(scored, inbox, c));
  }

  private Behavior<Command> retrain(
      Scored scored,
      RoundInbox inbox,
      Curriculum curriculum,
      Retrain m,
      Supplier<Behavior<Command>> before) {
    if (m.round() != scored.number())
      return reject(
          m.round(), m.replyTo(), "asked to retrain round " + m.round() + " before studying it");
    long seed = Seeds.derive(m.seed(), Seeds.Phase.TRAINING, index);
    Dataset own =
        scored
            .round()
            .kept()
            .map(kept -> site.data().withTrainingOnly(site.data().name() + "+earlier", kept))
            .orElse(site.data());
    Dataset trainingSet = curriculum.curriculum().trainingSet(own);
    Acceptance accept = method.options().accept();
    return step(
        RoundPhase.RETRAINING,
        m.round(),
        m.replyTo(),
        before,
        () -> {
          Model retrained = site.learner().train(trainingSet, seed);
          if (accept == Acceptance.ALWAYS) return new Shared(retrained, retrained.snapshot(), null);
          Model previous = scored.models().get(index);
          boolean keeps = accept.keeps(previous, retrained, Acceptance.validationRows(site));
          Model model = keeps ? retrained : previous;
          return new Shared(model, model.snapshot(), keeps);
        },
        r -> new Retrained(m.round(), index, r.snapshot(), r.accepted()),
        r -> retrained(scored, inbox, curriculum, r.model()));
  }

  private Behavior<Command> evaluate(
      Model before, Model after, Evaluate m, Supplier<Behavior<Command>> phase) {
    return step(
        RoundPhase.EVALUATION,
        m.round(),
        m.replyTo(),
        phase,
        () ->
            new Evaluated(
                m.round(),
                index,
                accuracy(before, test),
                accuracy(after, test),
                accuracy(before, site.validation()),
                accuracy(after, site.validation()),
                balancedAccuracy(before, test),
                balancedAccuracy(after, test)),
        e -> e,
        e -> phase.get());
  }

  /**
   * Runs a blocking step on the training dispatcher; meanwhile the learner is working: it keeps
   * every command for later and tells {@code replyTo} every heartbeat that it is still at work.
   *
   * @param before the phase the learner goes back to if the step throws
   * @param answer the step's answer to {@code replyTo}, made from its result
   * @param after the phase the learner enters with the step's result
   */
  private <T> Behavior<Command> step(
      RoundPhase phase,
      int round,
      ActorRef<Reply> replyTo,
      Supplier<Behavior<Command>> before,
      Supplier<T> work,
      Function<T, Reply> answer,
      Function<T, Behavior<Command>> after) {
    context.pipeToSelf(
        CompletableFuture.supplyAsync(work, training),
        (result, error) ->
            error == null
                ? new StepDone(result)
                : new StepFailed(
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error));
    timers.startTimerWithFixedDelay(Beat.INSTANCE, heartbeat);
    return Behaviors.receive(Command.class)
        .onMessage(
            StepDone.class,
            done -> {
              timers.cancel(Beat.INSTANCE);
              @SuppressWarnings("unchecked")
              T result = (T) done.result();
              replyTo.tell(answer.apply(result));
              return stash.unstashAll(after.apply(result));
            })
        .onMessage(
            StepFailed.class,
            failed -> {
              timers.cancel(Beat.INSTANCE);
              answerFailure(phase, round, replyTo, failed.cause());
              return stash.unstashAll(before.get());
            })
        .onMessageEquals(
            Beat.INSTANCE,
            () -> {
              replyTo.tell(new Working(round, index, phase));
              return Behaviors.same();
            })
        .onMessage(
            Command.class,
            m -> {
              stash.stash(m);
              return Behaviors.same();
            })
        .build();
  }

  private void answerFailure(
      RoundPhase phase, int round, ActorRef<Reply> replyTo, Throwable cause) {
    if (cause instanceof BadInput) {
      reject(round, replyTo, cause.getMessage());
      return;
    }
    String error =
        "learner "
            + site.name()
            + " failed "
            + phase
            + " in round "
            + round
            + ": "
            + LearnerProtocol.describe(cause);
    if (cause instanceof IllegalArgumentException) {
      // Deterministic (bad data, e.g. a site of one class): the same step would fail again, so it
      // is not retried.
      replyTo.tell(new Rejected(round, index, error));
      return;
    }
    context.getLog().error(error, cause);
    replyTo.tell(new Failed(round, index, phase, error));
  }

  private Behavior<Command> reject(int round, ActorRef<Reply> replyTo, String reason) {
    String message = "learner " + site.name() + " (" + index + ") rejected a command: " + reason;
    context.getLog().warn(message);
    replyTo.tell(new Rejected(round, index, message));
    return Behaviors.same();
  }

  /**
   * Learner {@code learner}'s model from its snapshot, in this site's feature space and classes.
   */
  private Model restore(int learner, ModelSnapshot snapshot) {
    Model model;
    try {
      model = snapshot.restore();
    } catch (IllegalArgumentException e) {
      throw new BadInput(
          "the snapshot of learner " + learner + " cannot be restored: " + e.getMessage(), e);
    }
    Dataset data = site.data();
    if (model.numFeatures() != data.numFeatures() || model.numClasses() != data.numClasses()) {
      throw new BadInput(
          "the snapshot of learner "
              + learner
              + " has "
              + model.numFeatures()
              + " features and "
              + model.numClasses()
              + " classes; this site's data has "
              + data.numFeatures()
              + " and "
              + data.numClasses(),
          null);
    }
    return model;
  }

  /**
   * Bad input found while a step ran (e.g. a snapshot that cannot be restored): rejected, not
   * retried.
   */
  private static final class BadInput extends RuntimeException {
    BadInput(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static double accuracy(Model model, Dataset data) {
    return data == null ? Double.NaN : Expertise.identify(model, data).accuracy();
  }

  private static double balancedAccuracy(Model model, Dataset data) {
    return data == null ? Double.NaN : Expertise.identify(model, data).balancedAccuracy(data);
  }

  private static boolean[][] matrix(PixelMask mask) {
    boolean[][] movable = new boolean[mask.numClasses()][];
    for (int c = 0; c < movable.length; c++) movable[c] = mask.movable(c).clone();
    return movable;
  }
}
