package io.coopdistill.learners.distill.round;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.ObjectiveModel;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.curriculum.StudentCurriculum;
import io.coopdistill.learners.distill.expertise.Deficiency;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.SitePrivacy;
import io.coopdistill.learners.privacy.audit.SiteAudit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The reference orchestrator: one synchronous round of cooperative distillation (the paper's
 * Algorithm 1) in privacy mode, in one thread. Every site k scores its own rows with the models of
 * the round's {@link TeachingPlan} (every model, up to the many-agent bound) and teaches from them
 * ({@link SiteTeaching}) the students the {@link TeacherChoice} gives each teacher; each student
 * deduplicates what it received ({@link StudentCurriculum}), retrains from scratch and keeps the
 * retrained model as {@link Acceptance} says. The actor runtime performs the same steps with the
 * same derived seeds and must reproduce this result exactly.
 */
public final class CooperativeDistillation {

  /**
   * The models before and after the round, and its accounting.
   *
   * @param alsoStudied the round's lessons studied under each further curriculum variant asked for
   */
  public record Outcome(
      List<Model> baseline,
      List<Model> distilled,
      DistillationResult result,
      Map<CurriculumVariant, DistillationResult> alsoStudied) {
    public Outcome {
      alsoStudied = Collections.unmodifiableMap(new EnumMap<>(alsoStudied));
    }
  }

  private final DistillationMethod method;
  private final LessonSink sentLessons;

  public CooperativeDistillation(DistillationMethod method) {
    this(method, LessonSink.NONE);
  }

  /**
   * @param sentLessons told of every lesson of virtual instances a site sends (not of raw rows,
   *     which are no virtual instances)
   */
  public CooperativeDistillation(DistillationMethod method, LessonSink sentLessons) {
    this.method = method;
    this.sentLessons = sentLessons;
  }

  /**
   * Runs one round, its students studying the method's curriculum.
   *
   * @param test a held-out set every model is evaluated on, or null
   */
  public Outcome run(List<Site> sites, Dataset test, long seed, RoundPhase.Listener listener) {
    return run(sites, test, seed, listener, List.of(method.curriculum()));
  }

  /**
   * Runs one round whose students study the lessons under each of {@code curricula}: the first
   * gives the round's models and result, each further one its own in {@link Outcome#alsoStudied}.
   */
  public Outcome run(
      List<Site> given,
      Dataset test,
      long seed,
      RoundPhase.Listener listener,
      List<CurriculumVariant> curricula) {
    Site.checkCompatible(given, test);
    List<Site> sites = method.options().judging(given, seed);
    if (curricula.isEmpty())
      throw new IllegalArgumentException("a round needs at least one curriculum variant to study");
    int k = sites.size();
    RoundAccounting accounting = new RoundAccounting(sites.stream().map(Site::name).toList(), seed);

    long start = System.nanoTime();
    List<Model> baseline = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      Site p = sites.get(i);
      baseline.add(p.learner().train(p.data(), Seeds.derive(seed, Seeds.Phase.TRAINING, i)));
      listener.progress(RoundPhase.BASELINE_TRAINING, i + 1, k);
    }
    start = lap(accounting, RoundPhase.BASELINE_TRAINING, start);

    TeachingPlan plan = TeachingPlan.of(k, method.options().manyAgents(), seed);
    List<SiteTeaching.Deficiencies> bySite = new ArrayList<>(k);
    List<DeficiencyReport> reports = new ArrayList<>();
    for (int site = 0; site < k; site++) {
      SiteTeaching.Deficiencies found =
          SiteTeaching.identify(
              site, sites.get(site).data(), baseline, plan, method.options(), seed);
      reports.addAll(found.reports());
      bySite.add(found);
      listener.progress(RoundPhase.DEFICIENCY_IDENTIFICATION, site + 1, k);
    }
    reports.forEach(accounting::deficiency);
    TeacherChoice choice = plan.choose(reports);
    start = lap(accounting, RoundPhase.DEFICIENCY_IDENTIFICATION, start);

    List<SitePrivacy> privacy = new ArrayList<>(k);
    for (int site = 0; site < k; site++)
      privacy.add(
          SitePrivacy.of(
              sites.get(site).data(), method.privacy(), SitePrivacy.noiseSeed(seed, site)));
    List<PixelMask> masks = new ArrayList<>(k);
    for (Site p : sites) masks.add(method.generator().pixelMask(p.data()).orElse(null));
    List<List<Lesson>> received = new ArrayList<>(k);
    for (int j = 0; j < k; j++) received.add(new ArrayList<>());
    int items = 0;
    for (int site = 0; site < k; site++) items += plan.teachersAt(site).length;
    int done = 0;
    for (int site = 0; site < k; site++) {
      List<SiteTeaching.Taught> sent = new ArrayList<>();
      for (int teacher : plan.teachersAt(site)) {
        Dataset data = sites.get(site).data();
        List<Deficiency> taught = bySite.get(site).ofTeacher(teacher, choice);
        boolean rawRows = method.options().transfer() == DistillationOptions.Transfer.RAW_ROWS;
        SiteTeaching.Taught lessons =
            rawRows
                ? SiteTeaching.shareRawRows(site, data, taught)
                : SiteTeaching.teach(
                    site,
                    data,
                    teacher,
                    taught,
                    baseline,
                    masks.get(teacher),
                    method.generator(),
                    privacy.get(site),
                    seed);
        sent.add(lessons);
        for (Lesson lesson : lessons.lessons()) {
          String problem = lesson.problemFor(lesson.student(), sites.get(lesson.student()).data());
          if (problem != null)
            throw new IllegalStateException(
                "a teacher made a lesson its student cannot study: " + problem);
          received.get(lesson.student()).add(lesson);
          accounting.lesson(lesson);
          if (!rawRows) sentLessons.sent(1, lesson);
        }
        listener.progress(RoundPhase.COUNTERFACTUALS, ++done, items);
      }
      Site p = sites.get(site);
      SiteTeaching.Taught all = SiteTeaching.Taught.all(sent);
      accounting.audit(
          SiteAudit.of(
              site,
              privacy.get(site),
              SiteAudit.nonMembers(site, privacy.get(site), p.heldOut(), test, seed),
              all.lessons(),
              all.sources(),
              all.behind(),
              // What the site still holds, as in the actor runtime.
              plan.heldForTeaching(
                  site,
                  baseline,
                  method.generator().options().objectiveModel() == ObjectiveModel.STUDENT),
              method.generator().options().alpha(),
              p.learner(),
              seed));
    }
    lap(accounting, RoundPhase.COUNTERFACTUALS, start);

    RoundAccounting lessonsOnly = accounting.studiedAgain();
    List<Model> distilled =
        study(curricula.get(0), sites, received, baseline, test, seed, listener, accounting);
    Map<CurriculumVariant, DistillationResult> alsoStudied = new EnumMap<>(CurriculumVariant.class);
    for (CurriculumVariant variant : curricula.subList(1, curricula.size())) {
      RoundAccounting again = lessonsOnly.studiedAgain();
      study(variant, sites, received, baseline, test, seed, listener, again);
      alsoStudied.put(variant, again.result());
    }
    return new Outcome(baseline, distilled, accounting.result(), alsoStudied);
  }

  /**
   * Steps 4 and 5 and the evaluation: every student studies its lessons under {@code curriculum}
   * and retrains.
   */
  private List<Model> study(
      CurriculumVariant curriculum,
      List<Site> sites,
      List<List<Lesson>> received,
      List<Model> baseline,
      Dataset test,
      long seed,
      RoundPhase.Listener listener,
      RoundAccounting accounting) {
    int k = sites.size();
    long start = System.nanoTime();
    List<StudentCurriculum> curricula = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      StudentCurriculum studied =
          curriculum.curriculum(
              sites.get(j).data(),
              received.get(j),
              k,
              method.options().manyAgents().budgetOf(k, j, seed),
              method.setCover());
      accounting.curriculum(j, studied.keptByTeacher());
      curricula.add(studied);
      listener.progress(RoundPhase.SET_COVER, j + 1, k);
    }
    start = lap(accounting, RoundPhase.SET_COVER, start);

    List<Model> distilled = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      Site p = sites.get(j);
      Model retrained =
          p.learner()
              .train(
                  curricula.get(j).trainingSet(p.data()),
                  Seeds.derive(seed, Seeds.Phase.TRAINING, j));
      distilled.add(kept(j, p, baseline.get(j), retrained, accounting));
      listener.progress(RoundPhase.RETRAINING, j + 1, k);
    }
    start = lap(accounting, RoundPhase.RETRAINING, start);

    if (test != null) {
      for (int i = 0; i < k; i++) {
        Expertise before = Expertise.identify(baseline.get(i), test);
        Expertise after = Expertise.identify(distilled.get(i), test);
        accounting.accuracy(i, before.accuracy(), after.accuracy());
        accounting.balancedAccuracy(i, before.balancedAccuracy(test), after.balancedAccuracy(test));
        listener.progress(RoundPhase.EVALUATION, i + 1, k);
      }
    }
    lap(accounting, RoundPhase.EVALUATION, start);
    return distilled;
  }

  /**
   * The model student j keeps after retraining under {@code accept} (its decision counted when
   * judged).
   */
  private Model kept(
      int j, Site site, Model previous, Model retrained, RoundAccounting accounting) {
    Acceptance accept = method.options().accept();
    if (accept == Acceptance.ALWAYS) return retrained;
    boolean keeps = accept.keeps(previous, retrained, Acceptance.validationRows(site));
    accounting.accepted(j, keeps);
    return keeps ? retrained : previous;
  }

  private static long lap(RoundAccounting accounting, RoundPhase phase, long start) {
    long now = System.nanoTime();
    accounting.phase(phase, (now - start) / 1e9);
    return now;
  }
}
