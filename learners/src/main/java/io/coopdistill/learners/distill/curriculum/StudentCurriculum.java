package io.coopdistill.learners.distill.curriculum;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.RandomDraw;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * Step 4 for one student: the lessons it received from every site and teacher, in a canonical order
 * (site, then teacher) so the result does not depend on arrival order, at most a budget of their
 * instances drawn at random, deduplicated by set cover, ready to be appended to its own data for
 * retraining.
 *
 * @param virtual the kept virtual instances
 * @param keptByTeacher how many of the kept instances came from each teacher
 */
public record StudentCurriculum(Dataset virtual, int[] keptByTeacher) {

  /**
   * The most virtual instances a student studies: with more received, {@code instances} of them are
   * drawn uniformly without replacement with {@code seed}, before set cover.
   *
   * @param instances 0 = every instance received
   */
  public record Budget(int instances, long seed) {
    /** Every instance received (the paper's round). */
    public static final Budget ALL = new Budget(0, 0);

    public Budget {
      if (instances < 0)
        throw new IllegalArgumentException(
            "a student's budget must be ≥ 0 (0 = unlimited), got " + instances);
    }
  }

  /**
   * @param own the student's own data set (gives the schema and classes)
   * @param received every lesson addressed to this student
   * @param teachers the number of learners
   * @param budget how many of the received instances it studies
   * @param setCover the set cover options
   */
  public static StudentCurriculum of(
      Dataset own, List<Lesson> received, int teachers, Budget budget, SetCover.Options setCover) {
    Objects.requireNonNull(setCover, "set cover options");
    return of(
        own,
        received,
        teachers,
        budget,
        (x, y) -> x.length == 0 ? new int[0] : SetCover.keep(x, y, setCover));
  }

  /**
   * As {@link #of(Dataset, List, int, Budget, SetCover.Options)}, every instance studied kept (the
   * ablation without set cover).
   */
  public static StudentCurriculum of(
      Dataset own, List<Lesson> received, int teachers, Budget budget) {
    return of(own, received, teachers, budget, (x, y) -> IntStream.range(0, x.length).toArray());
  }

  private static StudentCurriculum of(
      Dataset own,
      List<Lesson> received,
      int teachers,
      Budget budget,
      BiFunction<float[][], int[], int[]> keep) {
    List<Lesson> ordered = new ArrayList<>(received);
    ordered.sort(Comparator.comparingInt(Lesson::site).thenComparingInt(Lesson::teacher));
    int total = ordered.stream().mapToInt(Lesson::size).sum();
    int[] studied = IntStream.range(0, total).toArray();
    if (budget.instances() > 0 && total > budget.instances())
      studied = RandomDraw.sorted(studied, budget.instances(), budget.seed());
    float[][] features = new float[studied.length][];
    int[] labels = new int[studied.length];
    int[] from = new int[studied.length];
    int next = 0;
    int offset = 0;
    for (Lesson lesson : ordered) {
      for (; next < studied.length && studied[next] < offset + lesson.size(); next++) {
        features[next] = lesson.features()[studied[next] - offset];
        labels[next] = lesson.labels()[studied[next] - offset];
        from[next] = lesson.teacher();
      }
      offset += lesson.size();
    }
    int[] kept = keep.apply(features, labels);
    int[] keptByTeacher = new int[teachers];
    for (int k : kept) keptByTeacher[from[k]]++;
    Dataset all =
        new Dataset(own.name() + "/virtual", own.schema(), own.classNames(), features, labels);
    return new StudentCurriculum(all.subset(own.name() + "/virtual", kept), keptByTeacher);
  }

  /**
   * The student's own rows followed by the kept virtual instances, training-only: what it retrains
   * on.
   */
  public Dataset trainingSet(Dataset own) {
    return own.withTrainingOnly(own.name() + "+virtual", virtual);
  }
}
