package io.coopdistill.learners.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Labelled rows in an encoded feature space: what a learner trains on and what a site owns.
 *
 * <p>Rows are {@code float[]} in the space described by {@link #schema()}; labels are class indices
 * in {@code [0, classNames.size())}. The arrays are shared, not copied, for speed: callers must
 * treat them as read-only. Every derived data set ({@link #subset}, {@link #concat}) is new.
 *
 * <p>Rows appended with {@link #withTrainingOnly} (virtual instances, mixed rows, another site's
 * raw rows) are marked training-only: a learner may fit them but never selects its model on them,
 * so {@link #validationSplit} draws only from the other rows, the site's own.
 */
public final class Dataset {
  private final String name;
  private final FeatureSchema schema;
  private final List<String> classNames;
  private final float[][] features;
  private final int[] labels;

  /** Rows that only ever train; empty for a site's own data. */
  private final BitSet trainingOnly;

  public Dataset(
      String name,
      FeatureSchema schema,
      List<String> classNames,
      float[][] features,
      int[] labels) {
    this(name, schema, classNames, features, labels, new BitSet());
  }

  private Dataset(
      String name,
      FeatureSchema schema,
      List<String> classNames,
      float[][] features,
      int[] labels,
      BitSet trainingOnly) {
    this.name = Objects.requireNonNull(name, "name");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.classNames = List.copyOf(classNames);
    this.features = Objects.requireNonNull(features, "features");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.trainingOnly = trainingOnly;
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          name + ": " + features.length + " rows but " + labels.length + " labels");
    }
    if (this.classNames.size() < 2) {
      throw new IllegalArgumentException(
          name + ": a classification data set needs at least 2 classes");
    }
    for (int i = 0; i < features.length; i++) {
      if (features[i].length != schema.width()) {
        throw new IllegalArgumentException(
            name
                + ": row "
                + i
                + " has "
                + features[i].length
                + " features, the schema has "
                + schema.width());
      }
      if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
        throw new IllegalArgumentException(
            name
                + ": row "
                + i
                + " has label "
                + labels[i]
                + ", outside [0, "
                + this.classNames.size()
                + ")");
      }
    }
  }

  public String name() {
    return name;
  }

  public FeatureSchema schema() {
    return schema;
  }

  public List<String> classNames() {
    return classNames;
  }

  public int numClasses() {
    return classNames.size();
  }

  public int numFeatures() {
    return schema.width();
  }

  public int size() {
    return labels.length;
  }

  public float[][] features() {
    return features;
  }

  public int[] labels() {
    return labels;
  }

  public float[] row(int i) {
    return features[i];
  }

  public int label(int i) {
    return labels[i];
  }

  public int[] classCounts() {
    int[] counts = new int[numClasses()];
    for (int y : labels) counts[y]++;
    return counts;
  }

  /** Whether row {@code i} only ever trains (see {@link #withTrainingOnly}). */
  public boolean isTrainingOnly(int i) {
    return trainingOnly.get(i);
  }

  /** The rows at {@code indices}, in that order (training-only rows stay so). */
  public Dataset subset(String newName, int[] indices) {
    float[][] x = new float[indices.length][];
    int[] y = new int[indices.length];
    BitSet only = new BitSet();
    for (int k = 0; k < indices.length; k++) {
      x[k] = features[indices[k]];
      y[k] = labels[indices[k]];
      if (trainingOnly.get(indices[k])) only.set(k);
    }
    return new Dataset(newName, schema, classNames, x, y, only);
  }

  /**
   * This data set followed by {@code extra} (same schema and classes); training-only rows stay so.
   */
  public Dataset concat(String newName, Dataset extra) {
    return append(newName, extra, false);
  }

  /**
   * This data set followed by {@code extra}, whose rows become training-only: what a learner
   * retrains on when it receives virtual instances, mixed rows or another site's rows, while it
   * keeps selecting its model on its own rows.
   */
  public Dataset withTrainingOnly(String newName, Dataset extra) {
    return append(newName, extra, true);
  }

  private Dataset append(String newName, Dataset extra, boolean extraTrainingOnly) {
    if (extra.schema.width() != schema.width() || !extra.classNames.equals(classNames)) {
      throw new IllegalArgumentException(
          "cannot append " + extra.name + " to " + name + ": different feature width or classes");
    }
    float[][] x = Arrays.copyOf(features, size() + extra.size());
    System.arraycopy(extra.features, 0, x, size(), extra.size());
    int[] y = Arrays.copyOf(labels, size() + extra.size());
    System.arraycopy(extra.labels, 0, y, size(), extra.size());
    BitSet only = (BitSet) trainingOnly.clone();
    if (extraTrainingOnly) {
      only.set(size(), size() + extra.size());
    } else {
      extra.trainingOnly.stream().forEach(i -> only.set(size() + i));
    }
    return new Dataset(newName, schema, classNames, x, y, only);
  }

  /** The same rows with the given schema (e.g. after re-encoding into a wider union space). */
  public Dataset withRows(String newName, FeatureSchema newSchema, float[][] newFeatures) {
    return new Dataset(newName, newSchema, classNames, newFeatures, labels, trainingOnly);
  }

  /**
   * The split a learner selects its model on (early stopping, hyper-parameters): {@link
   * #stratifiedIndices} of the rows that are not training-only, which all stay in the first part
   * with every training-only row. A site's own rows followed by training-only ones are therefore
   * split exactly as the own rows alone, for the same seed: the baseline and every retrained
   * variant of a learner select on the same real rows.
   */
  public IndexSplit validationSplit(double fraction, long seed) {
    if (trainingOnly.isEmpty()) return stratifiedIndices(fraction, seed);
    int[] own = IntStream.range(0, size()).filter(i -> !trainingOnly.get(i)).toArray();
    BitSet held = new BitSet();
    for (int k : subset(name, own).stratifiedIndices(fraction, seed).second()) held.set(own[k]);
    return new IndexSplit(
        IntStream.range(0, size()).filter(i -> !held.get(i)).toArray(), held.stream().toArray());
  }

  /**
   * A seeded, stratified split: {@code fraction} of each class goes to the second part. Used for
   * validation splits (early stopping) and train/test splits.
   */
  public Split stratifiedSplit(double fraction, long seed) {
    IndexSplit split = stratifiedIndices(fraction, seed);
    return new Split(
        subset(name + "/train", split.first()), subset(name + "/held-out", split.second()));
  }

  /**
   * The row indices of {@link #stratifiedSplit} for the same arguments, in ascending order, for
   * callers that must split per-row side data (e.g. soft targets) alike.
   */
  public IndexSplit stratifiedIndices(double fraction, long seed) {
    return stratifiedIndices(labels, numClasses(), fraction, seed);
  }

  /**
   * {@link #stratifiedIndices(double, long)} for any rows labelled {@code labels} (e.g. a {@link
   * Table}'s).
   */
  static IndexSplit stratifiedIndices(int[] labels, int numClasses, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) if (labels[i] == c) members.add(i);
      shuffle(members, random);
      int held = (int) Math.round(members.size() * fraction);
      for (int k = 0; k < members.size(); k++) (k < held ? second : first).add(members.get(k));
    }
    first.sort(null);
    second.sort(null);
    return new IndexSplit(toArray(first), toArray(second));
  }

  /** A seeded permutation of the rows. */
  public Dataset shuffled(long seed) {
    return subset(name, permutation(size(), seed));
  }

  /** The seeded permutation of {@code 0 .. rows - 1} that {@link #shuffled} puts the rows in. */
  public static int[] permutation(int rows, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows; i++) order.add(i);
    shuffle(order, new SplittableRandom(seed));
    return toArray(order);
  }

  private static void shuffle(List<Integer> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Feeds every row's feature bits and label, in order, to {@code digest}: equal rows give equal
   * digests (model checkpoint keys, the data part of a cluster node's fingerprint).
   */
  public void digest(MessageDigest digest) {
    ByteBuffer row = ByteBuffer.allocate(4 * (numFeatures() + 1));
    for (int n = 0; n < size(); n++) {
      row.clear();
      for (float v : row(n)) row.putInt(Float.floatToIntBits(v));
      row.putInt(label(n));
      digest.update(row.array(), 0, row.position());
    }
  }

  public record Split(Dataset first, Dataset second) {}

  /** Row indices of the two parts of a split. */
  public record IndexSplit(int[] first, int[] second) {}

  @Override
  public String toString() {
    return name
        + " ("
        + size()
        + " rows, "
        + numFeatures()
        + " features, classes "
        + Arrays.toString(classCounts())
        + ")";
  }
}
