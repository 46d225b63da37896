package io.coopdistill.learners.distill.round;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.counterfactual.Counterfactual;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.ObjectiveModel;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.expertise.Deficiency;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Steps 1 to 3 of the method as one site k does them in privacy mode: it scores its own rows with
 * the models its {@link TeachingPlan} names (every learner's, in the paper's round), finds R_k(i→j)
 * for the plan's ordered pairs, and, with teacher i's model, turns those rows into quintessential
 * counterfactuals for the students the {@link TeacherChoice} gives teacher i. Rows never leave this
 * class; only {@link DeficiencyReport}s and {@link Lesson}s do.
 */
public final class SiteTeaching {
  private SiteTeaching() {}

  /**
   * The site's budgeted deficiencies (rows stay here) and their counts-only reports (taken before
   * the budget).
   */
  public record Deficiencies(List<Deficiency> budgeted, List<DeficiencyReport> reports) {
    /** The budgeted deficiencies teacher i teaches from, for every student. */
    public List<Deficiency> ofTeacher(int teacher) {
      return ofTeacher(teacher, TeacherChoice.EVERY_PAIR);
    }

    /**
     * The budgeted deficiencies teacher i teaches from, for the students {@code choice} gives it.
     */
    public List<Deficiency> ofTeacher(int teacher, TeacherChoice choice) {
      return budgeted.stream()
          .filter(r -> r.teacher() == teacher && choice.teaches(teacher, r.student()))
          .toList();
    }
  }

  /**
   * What a teacher (or several) sent from a site: its lessons; the site's rows (indices, ascending)
   * that at least one of their virtual instances came from; and those rows with every row a guard
   * anchored their search at ({@link SitePrivacy#anchorRows}), which an instance can disclose too.
   * The indices stay at the site, for its privacy audit; only the lessons travel.
   */
  public record Taught(List<Lesson> lessons, int[] sources, int[] behind) {
    public Taught {
      lessons = List.copyOf(lessons);
    }

    /** Everything {@code taught} sent, together. */
    public static Taught all(Collection<Taught> taught) {
      return new Taught(
          taught.stream().flatMap(t -> t.lessons().stream()).toList(),
          union(taught, Taught::sources),
          union(taught, Taught::behind));
    }

    private static int[] union(Collection<Taught> taught, Function<Taught, int[]> rows) {
      return taught.stream()
          .flatMapToInt(t -> IntStream.of(rows.apply(t)))
          .distinct()
          .sorted()
          .toArray();
    }
  }

  /**
   * Steps 1-2 at {@code site} for every ordered pair (the paper's round): see {@link #identify(int,
   * Dataset, List, TeachingPlan, DistillationOptions, long)}.
   */
  public static Deficiencies identify(
      int site, Dataset data, List<Model> models, DistillationOptions options, long runSeed) {
    return identify(site, data, models, TeachingPlan.allPairs(models.size()), options, runSeed);
  }

  /**
   * Steps 1-2 at {@code site}: expertise on its rows of the models the plan names, then R_k(i→j)
   * for the plan's pairs, limited to the per-pair budget. Only which rows each model gets right is
   * kept, one row set per scored model, never the models' probabilities.
   *
   * @param models every learner's model, indexed like the learners; those the plan does not score
   *     here may be null
   */
  public static Deficiencies identify(
      int site,
      Dataset data,
      List<Model> models,
      TeachingPlan plan,
      DistillationOptions options,
      long runSeed) {
    BitSet[] correct = new BitSet[models.size()];
    for (int i : plan.scoredAt(site))
      correct[i] = Expertise.identify(models.get(i), data).correct();
    List<Deficiency> budgeted = new ArrayList<>();
    List<DeficiencyReport> reports = new ArrayList<>();
    for (int[] pair : plan.pairsAt(site)) {
      Deficiency r =
          Deficiency.of(pair[0], pair[1], correct[pair[0]], correct[pair[1]], options.focus());
      reports.add(r.report(data.name(), data));
      budgeted.add(
          r.limitedTo(
              options.pairBudget(),
              Seeds.derive(runSeed, Seeds.Phase.BUDGET, site, r.teacher(), r.student())));
    }
    return new Deficiencies(budgeted, reports);
  }

  /**
   * Step 3 at {@code site} for one teacher: a counterfactual for every row of the teacher's
   * deficiencies, searched against the teacher's model (or each student's, if the objective model
   * is the student), grouped into one lesson per student.
   *
   * <p>With the teacher as objective model a row's counterfactual does not depend on the student,
   * so each distinct row is searched once, in one batch, and shared by every student that needs it.
   *
   * @param deficiencies this teacher's budgeted deficiencies at the site
   * @param models every learner's model, indexed like the learners (the teacher's among them)
   * @param mask the teacher's pixel mask, or null
   * @param privacy the site's private rows and guard, which every search respects
   */
  public static Taught teach(
      int site,
      Dataset data,
      int teacher,
      List<Deficiency> deficiencies,
      List<Model> models,
      PixelMask mask,
      CounterfactualGenerator generator,
      SitePrivacy privacy,
      long runSeed) {
    List<Lesson> lessons = new ArrayList<>(deficiencies.size());
    TreeSet<Integer> sources = new TreeSet<>();
    Set<FloatBuffer> privateRows = new HashSet<>();
    for (float[] row : data.features()) privateRows.add(FloatBuffer.wrap(row));
    if (generator.options().objectiveModel() == ObjectiveModel.TEACHER) {
      TreeSet<Integer> union = new TreeSet<>();
      for (Deficiency r : deficiencies) for (int row : r.rows()) union.add(row);
      int[] rows = union.stream().mapToInt(Integer::intValue).toArray();
      List<Counterfactual> found =
          search(
              data,
              rows,
              models.get(teacher),
              null,
              mask,
              generator,
              privacy,
              Seeds.derive(runSeed, Seeds.Phase.COUNTERFACTUALS, site, teacher));
      Map<Integer, Counterfactual> byRow = new HashMap<>();
      for (int k = 0; k < rows.length; k++) byRow.put(rows[k], found.get(k));
      for (Deficiency r : deficiencies) {
        List<Counterfactual> forStudent = new ArrayList<>(r.rows().length);
        for (int row : r.rows()) forStudent.add(byRow.get(row));
        lessons.add(lesson(site, r, data, forStudent, privateRows, sources));
      }
    } else {
      for (Deficiency r : deficiencies) {
        List<Counterfactual> found =
            search(
                data,
                r.rows(),
                models.get(teacher),
                models.get(r.student()),
                mask,
                generator,
                privacy,
                Seeds.derive(runSeed, Seeds.Phase.COUNTERFACTUALS, site, teacher, r.student()));
        lessons.add(lesson(site, r, data, found, privateRows, sources));
      }
    }
    int[] sent = sources.stream().mapToInt(Integer::intValue).toArray();
    return new Taught(
        lessons,
        sent,
        IntStream.of(sent)
            .flatMap(i -> IntStream.of(privacy.anchorRows(i)))
            .distinct()
            .sorted()
            .toArray());
  }

  /**
   * The "raw sharing" reference: each student receives the deficient rows themselves. It violates
   * the privacy the method exists for, and is only there to measure what counterfactuals cost.
   */
  public static Taught shareRawRows(int site, Dataset data, List<Deficiency> deficiencies) {
    List<Lesson> lessons = new ArrayList<>(deficiencies.size());
    for (Deficiency r : deficiencies) {
      Dataset rows = data.subset(data.name(), r.rows());
      lessons.add(
          new Lesson(
              site, r.teacher(), r.student(), rows.features(), rows.labels(), rows.size(), 0, 0));
    }
    int[] sent =
        deficiencies.stream()
            .flatMapToInt(r -> IntStream.of(r.rows()))
            .distinct()
            .sorted()
            .toArray();
    return new Taught(lessons, sent, sent);
  }

  private static List<Counterfactual> search(
      Dataset data,
      int[] rows,
      Model teacher,
      Model student,
      PixelMask mask,
      CounterfactualGenerator generator,
      SitePrivacy privacy,
      long seed) {
    if (rows.length == 0) return List.of();
    Dataset source = data.subset(data.name(), rows);
    return generator.generate(
        teacher, student, data.schema(), source.features(), source.labels(), mask, privacy, seed);
  }

  /**
   * A counterfactual is dropped as unchanged when it equals its source row, or any other private
   * row of the site: on discrete (one-hot) features a search can land exactly on another row, which
   * would reveal it. How close the sent ones lie to private rows is measured by the privacy audit,
   * which counts the rows they came from (added to {@code sources}) among the site's members.
   */
  private static Lesson lesson(
      int site,
      Deficiency r,
      Dataset data,
      List<Counterfactual> found,
      Set<FloatBuffer> privateRows,
      Set<Integer> sources) {
    List<float[]> features = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int failed = 0;
    int unchanged = 0;
    for (int k = 0; k < found.size(); k++) {
      Counterfactual cf = found.get(k);
      if (!cf.success()) {
        failed++;
      } else if (cf.unchanged() || privateRows.contains(FloatBuffer.wrap(cf.x()))) {
        unchanged++;
      } else {
        features.add(cf.x());
        labels.add(data.label(r.rows()[k]));
        sources.add(r.rows()[k]);
      }
    }
    return new Lesson(
        site,
        r.teacher(),
        r.student(),
        features.toArray(float[][]::new),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        found.size(),
        failed,
        unchanged);
  }
}
