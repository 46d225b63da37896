package io.coopdistill.learners.data.partition;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.SiteData;
import io.coopdistill.learners.data.SiteTables;
import io.coopdistill.learners.data.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A user's one table file split into sites by a {@link Partition} (a table scenario's {@code
 * table.split { file, sites }}, instead of one file per site). The file is read under the table
 * section's column rules ({@link SiteTables}); sites are named site-0, site-1, ... For each seed,
 * without a test file a seeded stratified {@code table.test-fraction} of the file is held out first
 * as the test set; the rest is encoded (bounds and categories of those rows) and split among the
 * sites.
 */
public final class SplitTable {
  /** The keys of a {@code table.split} section. */
  public static final Set<String> KEYS = Set.of("file", "sites");

  private final SiteTables tables;
  private final SiteTables.Options options;
  private final Partition partition;

  private SplitTable(SiteTables tables, SiteTables.Options options, Partition partition) {
    this.tables = tables;
    this.options = options;
    this.partition = partition;
  }

  /**
   * Reads {@code table.split}'s file.
   *
   * @param table a scenario's {@code table} section, with {@code split} and without {@code sites}
   * @param folder what relative file names are relative to (the scenario file's folder)
   * @throws IllegalArgumentException for a bad key or value, or undersample as the partition
   */
  public static SplitTable read(Config table, Path folder, PartitionOptions partition) {
    SiteTables.Options options = options(table, folder);
    Partition among = partition.among(options.sites().size());
    return new SplitTable(SiteTables.read(options), options, among);
  }

  /**
   * The table section as {@link SiteTables} reads it: one site per share of the split, each on the
   * one file.
   */
  private static SiteTables.Options options(Config table, Path folder) {
    if (table.hasPath("sites")) {
      throw new IllegalArgumentException(
          "scenario.table: give either sites (one file per site) or split (one file split into sites), not both");
    }
    return ConfigSections.read(
        "scenario.table.split",
        () -> {
          Config split = table.getConfig("split");
          for (String key : split.root().keySet()) {
            if (!KEYS.contains(key))
              throw new IllegalArgumentException(
                  "table.split." + key + ": unknown key; the keys are " + new TreeSet<>(KEYS));
          }
          int sites = split.getInt("sites");
          require(
              sites >= 2, "table.split.sites", "at least 2 (cooperation needs two sites)", sites);
          String file = split.getString("file");
          List<Map<String, String>> each =
              IntStream.range(0, sites)
                  .mapToObj(i -> Map.of("name", "site-" + i, "file", file))
                  .toList();
          return SiteTables.Options.fromConfig(
              table.withoutPath("split").withValue("sites", ConfigValueFactory.fromIterable(each)),
              folder);
        });
  }

  /**
   * The file and the test file as {@link SiteTables} reads them (every site names the one file).
   */
  public SiteTables.Options options() {
    return options;
  }

  public List<String> siteNames() {
    return tables.siteNames();
  }

  /**
   * The sites' rows and the test set for {@code seed}, encoded in the union of the rows split: each
   * site lacks the columns none of its rows reports.
   */
  public SiteData split(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Table all = tables.table(0);
    Optional<Table> test = tables.testTable();
    Table pool = all;
    List<Table> testParts;
    if (test.isPresent()) {
      testParts = List.of(test.get());
    } else {
      Dataset.IndexSplit held = all.stratifiedIndices(options.testFraction(), random.nextLong());
      pool = all.subset(all.name(), held.first());
      testParts = List.of(all.subset("held-out", held.second()));
    }
    Table reported = pool.without(pool.columnsMissingAtLeast(1.0));
    SiteData whole =
        SiteData.encode(List.of(reported), List.of(List.of()), testParts, testParts.get(0).name());
    Dataset rows = whole.training().get(0);
    int[][] parts = partition.assign(rows.labels(), rows.numClasses(), random.nextLong());
    List<String> names = siteNames();
    List<Dataset> sites = new ArrayList<>();
    List<List<String>> lacking = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      sites.add(rows.subset(names.get(i), parts[i]));
      List<String> unreported = new ArrayList<>(pool.columnsMissingAtLeast(1.0));
      unreported.addAll(reported.subset(names.get(i), parts[i]).columnsMissingAtLeast(1.0));
      lacking.add(unreported);
    }
    return new SiteData(sites, whole.test(), whole.union(), lacking);
  }
}
