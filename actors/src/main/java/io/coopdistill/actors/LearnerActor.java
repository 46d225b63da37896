package io.coopdistill.actors;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.distill.curriculum.StudentCurriculum;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.audit.SiteAudit;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One site: its learner, its private data and its models. It trains, hands out model snapshots,
 * scores its own rows with every peer's model, reports deficiencies (counts only), has its
 * {@link TeacherActor}s teach from its rows (a {@link Teaching} child per {@link Teach}), receives
 * lessons as a student, retrains and evaluates. The data sets come through {@link #create} and
 * never leave it: no message type carries a row.
 *
 * <p>Training, scoring, set cover and evaluation are blocking and run in futures on the training
 * dispatcher, piped back to the actor. A step that throws is answered with {@link Failed} and then
 * the actor fails, so that supervision restarts it; its data, models and received lessons live in
 * a {@link SiteState} outside the restarted behaviour and survive, so the phase barrier can simply
 * retry.
 * Bad input (an unknown learner index, a snapshot that cannot be restored, a lesson of the wrong
 * width, a step out of order) is answered with {@link Rejected} and changes nothing; so is a step
 * that throws {@link IllegalArgumentException} (data the learner cannot train on), which would
 * fail the same way again.
 */
public final class LearnerActor extends AbstractBehavior<LearnerActor.Command> {

  // ---- protocol: commands -----------------------------------------------------------------------

  public sealed interface Command {}

  /** Round 1's baseline: train on the site's own data with {@code Seeds.derive(seed, TRAINING, index)}. */
  public record Train(int round, long seed, ActorRef<Reply> replyTo) implements Command, CborSerializable {}

  /** Score the site's rows with every learner's snapshot (indexed like the learners) and report R_k(i→j). */
  public record Identify(int round, long roundSeed, List<ModelSnapshot> snapshots, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /**
   * Spawn a {@link Teaching} child that has a teacher actor for each of {@code teachers} teach from
   * this site's deficiencies.
   *
   * @param masks    each teacher's pixel mask ({@code movable[class][column]}) or null, indexed like the learners
   * @param learners every learner actor, indexed like the learners: the students lessons go to
   */
  public record Teach(int round, long roundSeed, List<Integer> teachers, List<boolean[][]> masks,
                      List<ActorRef<Command>> learners, ActorRef<Reply> replyTo) implements Command, CborSerializable {}

  /**
   * The lessons one site's teachers made for this learner as a student, in one message (so a round
   * sends k² messages, not k³); a bad one is answered with {@link Rejected} to {@code replyTo} and
   * none of them is kept.
   */
  public record Learn(int round, int site, List<Lesson> lessons, ActorRef<Reply> replyTo) implements Command, CborSerializable {}

  /**
   * Build the round's curriculum (set cover) once {@code expectedLessons} distinct lessons are here:
   * lessons come from many teachers and are not ordered with this message. The students study
   * under {@code curriculum}; a round may ask them again, under another variant, from the same lessons.
   */
  public record Study(int round, int expectedLessons, CurriculumVariant curriculum, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /** Retrain from scratch on own data, earlier rounds' kept instances and this round's curriculum. */
  public record Retrain(int round, long seed, ActorRef<Reply> replyTo) implements Command, CborSerializable {}

  /** Test and validation accuracy (and balanced test accuracy) of the round's starting model and of the retrained one. */
  public record Evaluate(int round, ActorRef<Reply> replyTo) implements Command, CborSerializable {}

  // Results of the futures: local only (they hold models), never serialised.
  private record StepDone<T>(RoundPhase phase, int round, T result, Function<T, Reply> apply, ActorRef<Reply> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  private record StepFailed(RoundPhase phase, int round, Throwable cause, ActorRef<Reply> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  /** From this site's {@link Teaching}: what teacher {@code teacher} sent, for the site's privacy audit. */
  record Sent(int round, int teacher, List<Lesson> lessons) implements Command, NoSerializationVerificationNeeded {}

  // ---- protocol: replies ------------------------------------------------------------------------

  /** Answers to the {@link PhaseBarrier} of the command's phase, whatever the round, phase and item they are for. */
  public sealed interface Reply {
    int round();
  }

  public record Trained(int round, int learner, ModelSnapshot snapshot, boolean[][] mask) implements Reply, CborSerializable {}

  public record Identified(int round, int learner, List<DeficiencyReport> reports) implements Reply, CborSerializable {}

  /** Teachers {@code teachers} at this site have sent their lessons; the lessons' counts, for every teacher. */
  public record Taught(int round, int site, List<Integer> teachers, List<LessonReport> reports) implements Reply, CborSerializable {}

  public record TeachingFailed(int round, int site, int teacher, String error) implements Reply, CborSerializable {}

  /**
   * @param audit the privacy audit of what this learner's site sent in the round: distances only,
   *              measured here, where the private rows are
   */
  public record Studied(int round, int learner, int[] keptByTeacher, SiteAudit audit) implements Reply, CborSerializable {}

  public record Retrained(int round, int learner, ModelSnapshot snapshot) implements Reply, CborSerializable {}

  public record Evaluated(int round, int learner, double baselineAccuracy, double distilledAccuracy,
                          double validationBefore, double validationAfter, double baselineBalancedAccuracy,
                          double distilledBalancedAccuracy) implements Reply, CborSerializable {}

  /** The step threw; the learner is being restarted and the step may be retried. */
  public record Failed(int round, int learner, RoundPhase phase, String error) implements Reply, CborSerializable {}

  /** The command was bad input and was ignored; retrying it would give the same answer. */
  public record Rejected(int round, int learner, String reason) implements Reply, CborSerializable {}

  /** Thrown after answering {@link Failed}, so that supervision restarts the actor. */
  static final class LearnerFailure extends RuntimeException {
    LearnerFailure(String message, Throwable cause) { super(message, cause); }
  }

  private final SiteState site;
  private final DistillationMethod method;
  private final RuntimeOptions runtime;
  private final LessonSink sentLessons;
  private Study pendingStudy;
  private int teachings;

  /**
   * @param site        the site, with its validation rows for the stop rule and its held-out rows for
   *                    the privacy audit, where it has them
   * @param test        the shared test set for evaluation, or null
   * @param sentLessons told of every lesson this site sends, as it sends it (the run's record of what left the site)
   */
  public static Behavior<Command> create(int index, Site site, Dataset test, DistillationMethod method, RuntimeOptions runtime,
                                         LessonSink sentLessons) {
    if (method.options().transfer() != DistillationOptions.Transfer.COUNTERFACTUALS) {
      // By construction no actor message carries a training row; the raw-sharing reference runs
      // only in the synchronous CooperativeDistillation.
      throw new IllegalArgumentException("the actor runtime never ships private rows: "
          + DistillationOptions.PATH + ".transfer must be counterfactuals, got " + method.options().transfer());
    }
    SiteState state = new SiteState(index, site, test);
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new LearnerActor(context, state, method, runtime, sentLessons)))
        .onFailure(LearnerFailure.class, SupervisorStrategy.restart());
  }

  private LearnerActor(ActorContext<Command> context, SiteState site, DistillationMethod method, RuntimeOptions runtime, LessonSink sentLessons) {
    super(context);
    this.site = site;
    this.method = method;
    this.runtime = runtime;
    this.sentLessons = sentLessons;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Train.class, this::onTrain)
        .onMessage(Identify.class, this::onIdentify)
        .onMessage(Teach.class, this::onTeach)
        .onMessage(Learn.class, this::onLearn)
        .onMessage(Study.class, this::onStudy)
        .onMessage(Retrain.class, this::onRetrain)
        .onMessage(Evaluate.class, this::onEvaluate)
        .onMessage(StepDone.class, this::onStepDone)
        .onMessage(StepFailed.class, this::onStepFailed)
        .onMessage(Sent.class, this::onSent)
        .build();
  }

  private Behavior<Command> onTrain(Train m) {
    site.reset();
    long seed = Seeds.derive(m.seed(), Seeds.Phase.TRAINING, site.index);
    run(RoundPhase.BASELINE_TRAINING, m.round(), m.replyTo(), () -> {
      Model model = site.learner.train(site.data, seed);
      return new Baseline(model, model.snapshot(), method.generator().pixelMask(site.data).map(LearnerActor::matrix).orElse(null));
    }, b -> {
      site.roundStart = b.model();
      return new Trained(m.round(), site.index, b.snapshot(), b.mask());
    });
    return this;
  }

  private record Baseline(Model model, ModelSnapshot snapshot, boolean[][] mask) {}

  private Behavior<Command> onIdentify(Identify m) {
    int k = m.snapshots().size();
    if (site.roundStart == null) return reject(m.round(), m.replyTo(), "asked to identify deficiencies before it was trained");
    if (m.round() < site.round) return reject(m.round(), m.replyTo(), "asked to identify deficiencies of past round " + m.round() + " in round " + site.round);
    if (site.index >= k) return reject(m.round(), m.replyTo(), "its index " + site.index + " is not among the " + k + " learners' snapshots");
    site.enter(m.round());
    site.roundSeed = m.roundSeed();
    Model own = site.roundStart;
    SitePrivacy known = site.privacy;
    run(RoundPhase.DEFICIENCY_IDENTIFICATION, m.round(), m.replyTo(), () -> {
      List<Model> models = new ArrayList<>(k);
      for (int i = 0; i < k; i++) models.add(i == site.index ? own : site.restore(i, m.snapshots().get(i)));
      return new Scored(models, SiteTeaching.identify(site.index, site.data, models, method.options(), m.roundSeed()),
          known != null ? known : SitePrivacy.of(site.data, method.privacy()));
    }, s -> {
      site.models = s.models();
      site.deficiencies = s.found();
      site.privacy = s.privacy();
      return new Identified(m.round(), site.index, s.found().reports());
    });
    return this;
  }

  private record Scored(List<Model> models, SiteTeaching.Deficiencies found, SitePrivacy privacy) {}

  private Behavior<Command> onTeach(Teach m) {
    if (m.round() != site.round || site.deficiencies == null) {
      return reject(m.round(), m.replyTo(), "asked to teach in round " + m.round() + " before identifying its deficiencies");
    }
    int k = site.models.size();
    if (m.learners().size() != k || m.masks().size() != k) {
      return reject(m.round(), m.replyTo(), "asked to teach with " + m.learners().size() + " learners and " + m.masks().size()
          + " masks; it scored with " + k + " models");
    }
    for (int teacher : m.teachers()) {
      if (teacher < 0 || teacher >= k) return reject(m.round(), m.replyTo(), "unknown teacher index " + teacher + " (learners 0.." + (k - 1) + ")");
    }
    if (m.teachers().isEmpty()) return this;
    getContext().spawn(Teaching.create(site.assignments(m.roundSeed(), m.teachers(), m.masks(), method.generator()), m.learners(),
        m.replyTo(), getContext().getSelf(), sentLessons), "teaching-round-" + m.round() + "-" + ++teachings);
    return this;
  }

  private Behavior<Command> onSent(Sent m) {
    if (m.round() == site.round) site.taught.put(m.teacher(), m.lessons());
    return this;
  }

  private Behavior<Command> onLearn(Learn m) {
    for (Lesson lesson : m.lessons()) {
      String problem = lesson.site() != m.site()
          ? "lesson from site " + lesson.site() + ", teacher " + lesson.teacher() + " came in a message from site " + m.site()
          : lesson.problemFor(site.index, site.data);
      if (problem != null) return rejectLessons(m, problem);
    }
    if (m.round() != site.round) return reject(m.round(), m.replyTo(), "lessons from site " + m.site() + " are for round " + m.round() + ", this is round " + site.round);
    m.lessons().forEach(site::receive);
    if (pendingStudy != null && pendingStudy.round() == site.round) return study(pendingStudy);
    return this;
  }

  /**
   * Rejects bad lessons, and in the current round the student's study too: the lessons' rejection
   * goes to the barrier of the counterfactuals, which may have ended before it came.
   */
  private Behavior<Command> rejectLessons(Learn m, String problem) {
    if (m.round() == site.round) {
      site.rejectedLessons = problem;
      if (pendingStudy != null && pendingStudy.round() == site.round) reject(m.round(), pendingStudy.replyTo(), problem);
      pendingStudy = null;
    }
    return reject(m.round(), m.replyTo(), problem);
  }

  private Behavior<Command> onStudy(Study m) {
    if (m.round() != site.round || site.models == null) return reject(m.round(), m.replyTo(), "asked to study round " + m.round() + " out of order");
    if (site.rejectedLessons != null) return reject(m.round(), m.replyTo(), site.rejectedLessons);
    return study(m);
  }

  /** Builds the curriculum once every expected lesson is here; until then remembers the request. */
  private Behavior<Command> study(Study m) {
    if (site.lessons.size() < m.expectedLessons()) {
      pendingStudy = m;
      return this;
    }
    pendingStudy = null;
    if (site.lessons.size() > m.expectedLessons()) {
      return reject(m.round(), m.replyTo(), "received " + site.lessons.size() + " lessons, expected " + m.expectedLessons());
    }
    List<Lesson> received = List.copyOf(site.lessons.values());
    int k = site.models.size();
    List<Lesson> sent = site.taught.values().stream().flatMap(List::stream).toList();
    SiteAudit known = site.audit;
    run(RoundPhase.SET_COVER, m.round(), m.replyTo(), () -> new Curriculum(m.curriculum().curriculum(site.data, received, k, method.setCover()),
        known != null ? known : SiteAudit.of(site.index, site.privacy,
            SiteAudit.nonMembers(site.index, site.privacy, site.heldOut, site.test, site.roundSeed), sent)), c -> {
      site.curriculum = c.curriculum();
      site.audit = c.audit();
      return new Studied(m.round(), site.index, c.curriculum().keptByTeacher(), c.audit());
    });
    return this;
  }

  /** A student's curriculum, and its site's audit of what it sent, made in one step. */
  private record Curriculum(StudentCurriculum curriculum, SiteAudit audit) {}

  private Behavior<Command> onRetrain(Retrain m) {
    if (m.round() != site.round || site.curriculum == null) return reject(m.round(), m.replyTo(), "asked to retrain round " + m.round() + " before studying it");
    long seed = Seeds.derive(m.seed(), Seeds.Phase.TRAINING, site.index);
    Dataset trainingSet = site.curriculum.trainingSet(site.ownAndEarlier());
    run(RoundPhase.RETRAINING, m.round(), m.replyTo(), () -> {
      Model model = site.learner.train(trainingSet, seed);
      return new Baseline(model, model.snapshot(), null);
    }, b -> {
      site.retrained = b.model();
      return new Retrained(m.round(), site.index, b.snapshot());
    });
    return this;
  }

  private Behavior<Command> onEvaluate(Evaluate m) {
    if (m.round() != site.round || site.retrained == null) return reject(m.round(), m.replyTo(), "asked to evaluate round " + m.round() + " before retraining");
    Model before = site.roundStart;
    Model after = site.retrained;
    run(RoundPhase.EVALUATION, m.round(), m.replyTo(), () -> new Evaluated(m.round(), site.index,
        SiteState.accuracy(before, site.test), SiteState.accuracy(after, site.test), SiteState.accuracy(before, site.validation),
        SiteState.accuracy(after, site.validation), SiteState.balancedAccuracy(before, site.test), SiteState.balancedAccuracy(after, site.test)), e -> e);
    return this;
  }

  /** Runs a blocking step on the training dispatcher; {@code apply} runs back in the actor with its result. */
  private <T> void run(RoundPhase phase, int round, ActorRef<Reply> replyTo, Supplier<T> work, Function<T, Reply> apply) {
    Executor training = getContext().getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(RuntimeOptions.TRAINING_DISPATCHER));
    CompletableFuture<T> future = CompletableFuture.supplyAsync(work, training);
    getContext().pipeToSelf(future, (result, error) -> error == null
        ? new StepDone<>(phase, round, result, apply, replyTo)
        : new StepFailed(phase, round, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error, replyTo));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Command> onStepDone(StepDone done) {
    done.replyTo().tell((Reply) done.apply().apply(done.result()));
    return this;
  }

  private Behavior<Command> onStepFailed(StepFailed f) {
    if (f.cause() instanceof SiteState.BadInput) return reject(f.round(), f.replyTo(), f.cause().getMessage());
    String error = "learner " + site.name + " failed " + f.phase() + " in round " + f.round() + ": " + describe(f.cause());
    if (f.cause() instanceof IllegalArgumentException) {
      // Deterministic (bad data, e.g. a site of one class): the same step would fail again, so it is not retried.
      f.replyTo().tell(new Rejected(f.round(), site.index, error));
      return this;
    }
    f.replyTo().tell(new Failed(f.round(), site.index, f.phase(), error));
    throw new LearnerFailure(error, f.cause());
  }

  private Behavior<Command> reject(int round, ActorRef<Reply> replyTo, String reason) {
    String message = "learner " + site.name + " (" + site.index + ") rejected a command: " + reason;
    getContext().getLog().warn(message);
    replyTo.tell(new Rejected(round, site.index, message));
    return this;
  }

  static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static boolean[][] matrix(PixelMask mask) {
    boolean[][] movable = new boolean[mask.numClasses()][];
    for (int c = 0; c < movable.length; c++) movable[c] = mask.movable(c).clone();
    return movable;
  }
}
