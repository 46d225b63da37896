package io.coopdistill.learners.data;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Statlog German Credit (1000 applicants, 20 mixed features, class good/bad), the data of the
 * paper's experiment 6 on sensitivity to feature overlap.
 */
public final class GermanCredit {
  public static final String FILE_KEY = "coopdistill.data.german-credit.file";
  public static final TableSpec SPEC = TableSpec.builder("class").classes("good", "bad").build();

  /**
   * Experiment 6's split: two training parts and a test part, as fractions of the rows
   * (400/400/200).
   */
  static final double FIRST_PART = 0.4;

  static final double SECOND_PART = 0.4;

  private GermanCredit() {}

  /** The table with the types its ARFF header declares. */
  public static Table read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataNotFoundException(
          "German credit file "
              + file
              + " not found; set "
              + FILE_KEY
              + " (or coopdistill.data.dir) to point at credit-g.arff");
    }
    return ArffReader.read(file, SPEC);
  }

  public static Table read(Config root) {
    return read(file(root));
  }

  /** The ARFF file named by {@value #FILE_KEY}. */
  public static Path file(Config root) {
    return Path.of(root.getString(FILE_KEY));
  }

  /** All rows, encoded with an encoding fitted on all of them. */
  public static Dataset load(Path file) {
    Table table = read(file);
    return TabularEncoding.fit(table).encode(table, table.name());
  }

  public static Dataset load(Config root) {
    return load(file(root));
  }

  /**
   * Experiment 6: the rows shuffled with {@code seed} and cut into two training parts and a test
   * part (400/400/200 of 1000); then, until only {@code sharedFeatures} features are in both
   * training parts, a random shared feature is removed from one part, the parts taking turns, so
   * each keeps features the other lacks. Everything is encoded in the two parts' union schema.
   */
  public static SiteData featureOverlapSplit(Table table, long seed, int sharedFeatures) {
    int features = table.columns().size();
    if (sharedFeatures < 0 || sharedFeatures > features) {
      throw new IllegalArgumentException(
          "shared features must be in [0, " + features + "], got " + sharedFeatures);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = permutation(table.rows(), random);
    int first = (int) Math.round(table.rows() * FIRST_PART);
    int second = (int) Math.round(table.rows() * SECOND_PART);
    Table a = table.subset(table.name() + "/part-1", Arrays.copyOfRange(order, 0, first));
    Table b =
        table.subset(table.name() + "/part-2", Arrays.copyOfRange(order, first, first + second));
    Table test =
        table.subset(
            table.name() + "/test", Arrays.copyOfRange(order, first + second, order.length));

    List<String> shared = new ArrayList<>(table.columnNames());
    List<List<String>> removed = List.of(new ArrayList<>(), new ArrayList<>());
    for (int turn = 0; shared.size() > sharedFeatures; turn = 1 - turn) {
      removed.get(turn).add(shared.remove(random.nextInt(shared.size())));
    }
    Set<String> removedFromA = new HashSet<>(removed.get(0));
    Set<String> removedFromB = new HashSet<>(removed.get(1));
    return SiteData.encode(
        List.of(a.without(removedFromA), b.without(removedFromB)), removed, test);
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
