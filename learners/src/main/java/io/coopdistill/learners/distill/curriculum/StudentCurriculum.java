package io.coopdistill.learners.distill.curriculum;

import io.coopdistill.learners.data.Dataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * Step 4 for one student: the lessons it received from every site and teacher, in a canonical
 * order (site, then teacher) so the result does not depend on arrival order, deduplicated by set
 * cover, ready to be appended to its own data for retraining.
 *
 * @param virtual      the kept virtual instances
 * @param keptByTeacher how many of the kept instances came from each teacher
 */
public record StudentCurriculum(Dataset virtual, int[] keptByTeacher) {

  /**
   * @param own      the student's own data set (gives the schema and classes)
   * @param received every lesson addressed to this student
   * @param teachers the number of learners
   * @param setCover the set cover options
   */
  public static StudentCurriculum of(Dataset own, List<Lesson> received, int teachers, SetCover.Options setCover) {
    Objects.requireNonNull(setCover, "set cover options");
    return of(own, received, teachers, (x, y) -> x.length == 0 ? new int[0] : SetCover.keep(x, y, setCover));
  }

  /** As {@link #of(Dataset, List, int, SetCover.Options)}, every instance kept (the ablation without set cover). */
  public static StudentCurriculum of(Dataset own, List<Lesson> received, int teachers) {
    return of(own, received, teachers, (x, y) -> IntStream.range(0, x.length).toArray());
  }

  private static StudentCurriculum of(Dataset own, List<Lesson> received, int teachers, BiFunction<float[][], int[], int[]> keep) {
    List<Lesson> ordered = new ArrayList<>(received);
    ordered.sort(Comparator.comparingInt(Lesson::site).thenComparingInt(Lesson::teacher));
    List<float[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Integer> from = new ArrayList<>();
    for (Lesson lesson : ordered) {
      for (int n = 0; n < lesson.size(); n++) {
        x.add(lesson.features()[n]);
        y.add(lesson.labels()[n]);
        from.add(lesson.teacher());
      }
    }
    float[][] features = x.toArray(float[][]::new);
    int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
    int[] kept = keep.apply(features, labels);
    int[] keptByTeacher = new int[teachers];
    for (int k : kept) keptByTeacher[from.get(k)]++;
    Dataset all = new Dataset(own.name() + "/virtual", own.schema(), own.classNames(), features, labels);
    return new StudentCurriculum(all.subset(own.name() + "/virtual", kept), keptByTeacher);
  }

  /** The student's own rows followed by the kept virtual instances, training-only: what it retrains on. */
  public Dataset trainingSet(Dataset own) {
    return own.withTrainingOnly(own.name() + "+virtual", virtual);
  }
}
