package io.coopdistill.learners.distill.round;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A round's counts per (teacher, student) pair, held for the pairs that occur only: a bounded
 * many-agent round measures 32 candidates per student and teaches each with at most 16, so this
 * grows with k and not k². Pairs are kept sorted by teacher, then student (a k×k matrix's row-major
 * order); a pair whose counts are all zero is not held, so equal counts are equal objects. Read one
 * count through {@link #of(Count)}; an absent pair counts 0. Immutable.
 */
public final class PairCounts {
  /** What is counted per pair ({@link DistillationResult} says what each one means). */
  public enum Count {
    DEFICIENT,
    SEARCHED,
    FAILED,
    UNCHANGED,
    GENERATED,
    KEPT;

    /** Its name in checkpoints and results.json, e.g. {@code deficient}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final int COUNTS = Count.values().length;

  private final int agents;

  /**
   * Each pair's key, teacher × agents + student, ascending. (Not named after {@link #pairs()}: the
   * actors' Jackson would take that method for this field's accessor.)
   */
  private final long[] keys;

  /** The counts of {@code keys[p]} at {@code p × COUNTS + count.ordinal()}. */
  private final int[] counts;

  private PairCounts(int agents, long[] keys, int[] counts) {
    this.agents = agents;
    this.keys = keys;
    this.counts = counts;
  }

  /** No pair counted among {@code agents} learners. */
  public static PairCounts empty(int agents) {
    return new Builder(agents).build();
  }

  /** The counts of k×k matrices indexed [teacher][student], e.g. as older checkpoints hold them. */
  public static PairCounts ofDense(Map<Count, int[][]> matrices, int agents) {
    Builder b = new Builder(agents);
    matrices.forEach(
        (count, m) -> {
          for (int i = 0; i < m.length; i++)
            for (int j = 0; j < m[i].length; j++) b.add(count, i, j, m[i][j]);
        });
    return b.build();
  }

  /** The sum of several rounds' counts among the same {@code agents} learners. */
  public static PairCounts sum(Iterable<PairCounts> rounds, int agents) {
    Builder b = new Builder(agents);
    for (PairCounts r : rounds) {
      if (r.agents != agents)
        throw new IllegalArgumentException(
            "counts among " + r.agents + " learners summed with " + agents);
      for (int p = 0; p < r.keys.length; p++)
        for (Count c : Count.values())
          b.add(c, r.teacher(p), r.student(p), r.counts[p * COUNTS + c.ordinal()]);
    }
    return b.build();
  }

  public int agents() {
    return agents;
  }

  /** How many pairs have a count other than zero. */
  public int pairs() {
    return keys.length;
  }

  /** One count over all pairs. */
  public Matrix of(Count count) {
    return new Matrix(p -> counts[p * COUNTS + count.ordinal()]);
  }

  /** {@code minuend − subtrahend} per pair, e.g. the rows the budget dropped. */
  public Matrix difference(Count minuend, Count subtrahend) {
    return new Matrix(
        p -> counts[p * COUNTS + minuend.ordinal()] - counts[p * COUNTS + subtrahend.ordinal()]);
  }

  private int teacher(int p) {
    return (int) (keys[p] / agents);
  }

  private int student(int p) {
    return (int) (keys[p] % agents);
  }

  private int index(int teacher, int student) {
    return Arrays.binarySearch(keys, key(agents, teacher, student));
  }

  private static long key(int agents, int teacher, int student) {
    if (teacher < 0 || teacher >= agents || student < 0 || student >= agents)
      throw new IndexOutOfBoundsException(
          "pair " + teacher + "→" + student + " among " + agents + " learners");
    return (long) teacher * agents + student;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairCounts other
        && agents == other.agents
        && Arrays.equals(keys, other.keys)
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * agents + Arrays.hashCode(keys)) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("PairCounts(").append(agents).append(" learners");
    for (int p = 0; p < keys.length; p++) {
      s.append(", ").append(teacher(p)).append("→").append(student(p)).append(' ');
      s.append(Arrays.toString(Arrays.copyOfRange(counts, p * COUNTS, (p + 1) * COUNTS)));
    }
    return s.append(')').toString();
  }

  /** A value per pair, read like a k×k matrix [teacher][student]. */
  public final class Matrix {
    private final IntUnaryOperator valueOfPair;

    private Matrix(IntUnaryOperator valueOfPair) {
      this.valueOfPair = valueOfPair;
    }

    /** The value of pair teacher→student, 0 where the pair did not occur. */
    public int get(int teacher, int student) {
      int p = index(teacher, student);
      return p < 0 ? 0 : valueOfPair.applyAsInt(p);
    }

    public long total() {
      long t = 0;
      for (int p = 0; p < keys.length; p++) t += valueOfPair.applyAsInt(p);
      return t;
    }

    /** Each student's total over its teachers (a column sum). */
    public long[] perStudent() {
      long[] t = new long[agents];
      for (int p = 0; p < keys.length; p++) t[student(p)] += valueOfPair.applyAsInt(p);
      return t;
    }

    /** Each teacher's total over its students (a row sum). */
    public long[] perTeacher() {
      long[] t = new long[agents];
      for (int p = 0; p < keys.length; p++) t[teacher(p)] += valueOfPair.applyAsInt(p);
      return t;
    }

    /** The pairs whose value is not zero, by teacher then student. */
    public void forEachNonZero(PairValue action) {
      for (int p = 0; p < keys.length; p++) {
        int v = valueOfPair.applyAsInt(p);
        if (v != 0) action.accept(teacher(p), student(p), v);
      }
    }

    /** The k×k matrix [teacher][student]: for the small rounds of the paper's tables and tests. */
    public int[][] dense() {
      int[][] m = new int[agents][agents];
      forEachNonZero((t, s, v) -> m[t][s] = v);
      return m;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("[");
      forEachNonZero(
          (t, st, v) -> s.append(s.length() > 1 ? ", " : "").append(t + "→" + st + ": " + v));
      return s.append(']').toString();
    }
  }

  /** A pair's value. */
  @FunctionalInterface
  public interface PairValue {
    void accept(int teacher, int student, int value);
  }

  /** Counts pairs as a round's steps report them. Not thread-safe. */
  public static final class Builder {
    private final int agents;
    private final Map<Long, int[]> byPair = new HashMap<>();

    public Builder(int agents) {
      if (agents < 0) throw new IllegalArgumentException("agents " + agents + " < 0");
      this.agents = agents;
    }

    /** Adds {@code n} to a pair's count. */
    public Builder add(Count count, int teacher, int student, int n) {
      if (n != 0) counts(teacher, student)[count.ordinal()] += n;
      return this;
    }

    /** Sets a pair's count to {@code n}. */
    public Builder set(Count count, int teacher, int student, int n) {
      long key = key(teacher, student);
      if (n != 0 || byPair.containsKey(key)) counts(teacher, student)[count.ordinal()] = n;
      return this;
    }

    /** Sets {@code counts} of every pair as {@code from} holds them. */
    public Builder copy(PairCounts from, Count... counts) {
      for (int p = 0; p < from.keys.length; p++)
        for (Count c : counts)
          set(c, from.teacher(p), from.student(p), from.counts[p * COUNTS + c.ordinal()]);
      return this;
    }

    public PairCounts build() {
      long[] keys =
          byPair.entrySet().stream()
              .filter(e -> Arrays.stream(e.getValue()).anyMatch(v -> v != 0))
              .mapToLong(Map.Entry::getKey)
              .sorted()
              .toArray();
      int[] values = new int[keys.length * COUNTS];
      for (int p = 0; p < keys.length; p++)
        System.arraycopy(byPair.get(keys[p]), 0, values, p * COUNTS, COUNTS);
      return new PairCounts(agents, keys, values);
    }

    private int[] counts(int teacher, int student) {
      return byPair.computeIfAbsent(key(teacher, student), p -> new int[COUNTS]);
    }

    private long key(int teacher, int student) {
      return PairCounts.key(agents, teacher, student);
    }
  }
}
