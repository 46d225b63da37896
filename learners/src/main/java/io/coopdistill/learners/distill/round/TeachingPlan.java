package io.coopdistill.learners.distill.round;

import io.coopdistill.learners.distill.RandomDraw;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Which models a site scores and which ordered pairs (teacher i → student j) it finds R(i→j) for,
 * in a round of k learners. Both runtimes derive the same plan from k, the options and the round's
 * seed.
 *
 * <p><b>All pairs</b> (at most {@link ManyAgents#allPairsUpTo} learners: the paper's scenarios).
 * Every site scores its rows with every model and finds R_k(i→j) for every ordered pair; every
 * teacher teaches at every site. Scoring grows as k², the pairs of site rows as k³.
 *
 * <p><b>Many agents</b> (more learners). Each student j has {@link ManyAgents#candidates} candidate
 * teachers, drawn with the round's seed; a candidate i measures R_i(i→j) on its own site's rows
 * (the rows it knows best), and of those {@link #choose} picks the student's m teachers. A teacher
 * teaches only at its own site, from the union of its students' deficient rows. So every site
 * scores its own model and those of the c students it is a candidate of (exactly c: the candidates
 * are fixed offsets in a seeded order of the learners), searches at most its own rows once, and
 * each student receives from m teachers: work and memory per learner do not grow with k.
 */
public final class TeachingPlan {
  private final int learners;
  private final ManyAgents bounds;
  private final long roundSeed;

  /**
   * Many agents only: each learner's position in the round's seeded order, and the learner at each
   * position.
   */
  private final int[] position;

  private final int[] learnerAt;

  /**
   * Many agents only: student j's candidates are the learners {@code offsets} positions after it,
   * cyclically.
   */
  private final int[] offsets;

  private TeachingPlan(
      int learners,
      ManyAgents bounds,
      long roundSeed,
      int[] position,
      int[] learnerAt,
      int[] offsets) {
    this.learners = learners;
    this.bounds = bounds;
    this.roundSeed = roundSeed;
    this.position = position;
    this.learnerAt = learnerAt;
    this.offsets = offsets;
  }

  /** The paper's round among {@code learners}: every site, every ordered pair. */
  public static TeachingPlan allPairs(int learners) {
    return new TeachingPlan(learners, null, 0, null, null, null);
  }

  /** The plan of a round of {@code learners} under {@code bounds}, drawn with the round's seed. */
  public static TeachingPlan of(int learners, ManyAgents bounds, long roundSeed) {
    if (learners < 2)
      throw new IllegalArgumentException("a round needs at least 2 learners, got " + learners);
    if (!bounds.bounds(learners)) return allPairs(learners);
    int[] learnerAt =
        RandomDraw.of(
            IntStream.range(0, learners).toArray(),
            learners,
            Seeds.derive(roundSeed, Seeds.Phase.TEACHERS, -1));
    int[] position = new int[learners];
    for (int p = 0; p < learners; p++) position[learnerAt[p]] = p;
    int c = Math.min(bounds.candidates(), learners - 1);
    int[] offsets =
        RandomDraw.sorted(
            IntStream.range(1, learners).toArray(),
            c,
            Seeds.derive(roundSeed, Seeds.Phase.TEACHERS, -2));
    return new TeachingPlan(learners, bounds, roundSeed, position, learnerAt, offsets);
  }

  public int learners() {
    return learners;
  }

  /** Whether this is the paper's all-pairs round. */
  public boolean allPairs() {
    return offsets == null;
  }

  /**
   * The learners whose models {@code site} scores its rows with, in increasing order (the site's
   * own among them).
   */
  public int[] scoredAt(int site) {
    if (allPairs()) return IntStream.range(0, learners).toArray();
    int[] scored = IntStream.concat(IntStream.of(site), Arrays.stream(studentsAt(site))).toArray();
    Arrays.sort(scored);
    return scored;
  }

  /**
   * The (teacher, student) pairs whose R(i→j) {@code site} finds, teacher by teacher, students in
   * increasing order.
   */
  public List<int[]> pairsAt(int site) {
    List<int[]> pairs = new ArrayList<>();
    for (int i : teachersAt(site)) for (int j : studentsAt(site, i)) pairs.add(new int[] {i, j});
    return pairs;
  }

  /**
   * The students whose R(teacher→j) {@code site} finds, in increasing order: every other learner,
   * or in a many-agent round, for the site's own learner, the students it is a candidate teacher
   * of.
   */
  public int[] studentsAt(int site, int teacher) {
    if (allPairs()) return IntStream.range(0, learners).filter(j -> j != teacher).toArray();
    return teacher == site ? studentsAt(site) : new int[0];
  }

  /** The teachers that teach from {@code site}'s rows: every learner, or the site's own. */
  public int[] teachersAt(int site) {
    return allPairs() ? IntStream.range(0, learners).toArray() : new int[] {site};
  }

  /**
   * The learners whose models {@code site} teaches with once its deficiencies are found: its
   * teachers', and with the student's model as the search's objective ({@code studentObjective}),
   * its students' too. A many-agent site can let the other models it scored go.
   */
  public int[] teachingModelsAt(int site, boolean studentObjective) {
    IntStream models = Arrays.stream(teachersAt(site));
    if (studentObjective)
      models = IntStream.concat(models, pairsAt(site).stream().mapToInt(p -> p[1]));
    return models.distinct().sorted().toArray();
  }

  /**
   * {@code models} as {@code site} holds them once its deficiencies are found: those of {@link
   * #teachingModelsAt}, null elsewhere (in the all-pairs round, every one).
   */
  public <M> List<M> heldForTeaching(int site, List<M> models, boolean studentObjective) {
    List<M> held = new ArrayList<>(Collections.nCopies(models.size(), null));
    for (int i : teachingModelsAt(site, studentObjective)) held.set(i, models.get(i));
    return held;
  }

  /**
   * Student {@code student}'s candidate teachers, in increasing order (every peer in the all-pairs
   * round).
   */
  public int[] candidatesOf(int student) {
    if (allPairs()) return IntStream.range(0, learners).filter(i -> i != student).toArray();
    int[] candidates =
        Arrays.stream(offsets).map(o -> learnerAt[(position[student] + o) % learners]).toArray();
    Arrays.sort(candidates);
    return candidates;
  }

  /**
   * Many agents: the students whose candidate teacher {@code site}'s learner is, in increasing
   * order.
   */
  private int[] studentsAt(int site) {
    int[] students =
        Arrays.stream(offsets)
            .map(o -> learnerAt[Math.floorMod(position[site] - o, learners)])
            .toArray();
    Arrays.sort(students);
    return students;
  }

  /**
   * Each student's teachers from the sites' reports of R(i→j) (counts only): every pair in the
   * all-pairs round; otherwise m of its candidates with R(i→j) &gt; 0, by {@link ManyAgents#choice}
   * (fewer where fewer have something to teach).
   */
  public TeacherChoice choose(Iterable<DeficiencyReport> reports) {
    if (allPairs()) return TeacherChoice.EVERY_PAIR;
    long[][] deficient = new long[learners][];
    int[][] candidates = new int[learners][];
    for (int j = 0; j < learners; j++) {
      candidates[j] = candidatesOf(j);
      deficient[j] = new long[candidates[j].length];
    }
    for (DeficiencyReport r : reports) {
      int at = Arrays.binarySearch(candidates[r.student()], r.teacher());
      if (at >= 0) deficient[r.student()][at] += r.total();
    }
    int[][] teachersOf = new int[learners][];
    for (int j = 0; j < learners; j++) teachersOf[j] = choose(j, candidates[j], deficient[j]);
    return new TeacherChoice(false, teachersOf);
  }

  private int[] choose(int student, int[] candidates, long[] deficient) {
    int m = bounds.teachers();
    List<Integer> able =
        IntStream.range(0, candidates.length).filter(c -> deficient[c] > 0).boxed().toList();
    if (bounds.choice() == TeacherChoice.Rule.LARGEST) {
      return able.stream()
          .sorted(
              Comparator.<Integer>comparingLong(c -> -deficient[c])
                  .thenComparingInt(c -> candidates[c]))
          .limit(m)
          .mapToInt(c -> candidates[c])
          .toArray();
    }
    SplittableRandom random =
        new SplittableRandom(Seeds.derive(roundSeed, Seeds.Phase.TEACHERS, student));
    List<Integer> left = new ArrayList<>(able);
    int[] chosen = new int[Math.min(m, left.size())];
    for (int n = 0; n < chosen.length; n++) {
      long total = left.stream().mapToLong(c -> deficient[c]).sum();
      long draw = random.nextLong(total);
      int k = 0;
      while (draw >= deficient[left.get(k)]) draw -= deficient[left.get(k++)];
      chosen[n] = candidates[left.remove(k)];
    }
    return chosen;
  }
}
