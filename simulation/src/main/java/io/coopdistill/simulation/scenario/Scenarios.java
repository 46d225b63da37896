package io.coopdistill.simulation.scenario;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.DataFiles;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FashionMnist;
import io.coopdistill.learners.data.FeatureDecoder;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.data.GermanCredit;
import io.coopdistill.learners.data.HeartDisease;
import io.coopdistill.learners.data.SiteData;
import io.coopdistill.learners.data.SiteTables;
import io.coopdistill.learners.data.Table;
import io.coopdistill.learners.data.TrainingDataException;
import io.coopdistill.learners.data.partition.PartitionOptions;
import io.coopdistill.learners.data.partition.SplitTable;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * Builds a scenario from its configuration's {@code scenario.data}: blobs, heart-disease,
 * german-credit-overlap, fashion-mnist, or table (a user's own files, see
 * conf/table-scenario.conf).
 */
public final class Scenarios {
  private Scenarios() {}

  public static final List<String> SOURCES =
      List.of("blobs", "heart-disease", "german-credit-overlap", "fashion-mnist", "table");

  /**
   * @throws IllegalArgumentException for a bad scenario key
   * @throws io.coopdistill.learners.data.DataNotFoundException when the data is not where the
   *     configuration says
   */
  public static Scenario create(ScenarioConfig config) {
    Config scenario = config.scenario();
    Config root = config.root();
    String name = config.name();
    return ConfigSections.read(
        "scenario " + name,
        () -> {
          String source = scenario.getString("data");
          return switch (source) {
            case "blobs" -> blobs(name, scenario, root);
            case "heart-disease" -> heartDisease(name, scenario, root);
            case "german-credit-overlap" -> germanCredit(name, scenario, root);
            case "fashion-mnist" -> fashionMnist(name, scenario, root);
            case "table" -> table(name, scenario, root, config.directory());
            default ->
                throw new IllegalArgumentException(
                    "scenario.data must be one of " + SOURCES + ", got '" + source + "'");
          };
        });
  }

  /** A scenario whose agents draw from one pool of rows and are tested on one test set. */
  private record PoolScenario(
      String name,
      Agents specs,
      PoolSource source,
      boolean tabular,
      Map<String, Path> dataFiles,
      FeatureDecoder decoder)
      implements Scenario {
    @Override
    public List<String> agents() {
      return specs.names();
    }

    @Override
    public Trial trial(long seed) {
      Dataset.Split pool = source.pool(seed);
      return new Trial(name, seed, specs.sites(pool.first(), seed), pool.second(), decoder);
    }
  }

  /** The training pool (first) and test set (second) of a seed. */
  @FunctionalInterface
  private interface PoolSource {
    Dataset.Split pool(long seed);
  }

  /**
   * Generated semi-expert data that needs no files: Gaussian blobs, one per class, with centres
   * drawn uniformly in the middle of the unit cube and clipped to it.
   */
  private static Scenario blobs(String name, Config scenario, Config root) {
    int classes = scenario.getInt("classes");
    int features = scenario.getInt("features");
    double spread = scenario.getDouble("spread");
    int testRows = scenario.getInt("test-rows");
    if (classes < 2 || features < 1 || !(spread > 0) || testRows < 1) {
      throw new IllegalArgumentException(
          "scenario "
              + name
              + ": classes ≥ 2, features ≥ 1, spread > 0 and test-rows ≥ 1 are needed");
    }
    Agents agents = Agents.fromConfig(scenario, root, classes);
    int trainRows = agents.specs().stream().mapToInt(Agents.Spec::rows).sum();
    if (trainRows == 0)
      throw new IllegalArgumentException(
          "scenario " + name + ": generated agents need rows-per-agent > 0");
    List<String> classNames = IntStream.range(0, classes).mapToObj(c -> "class-" + c).toList();
    PoolSource source =
        seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          double[][] centres = new double[classes][features];
          for (double[] centre : centres)
            for (int f = 0; f < features; f++) centre[f] = 0.2 + 0.6 * random.nextDouble();
          int rows = trainRows + testRows;
          float[][] x = new float[rows][features];
          int[] y = new int[rows];
          for (int n = 0; n < rows; n++) {
            y[n] = random.nextInt(classes);
            for (int f = 0; f < features; f++) {
              x[n][f] =
                  (float) Math.min(1, Math.max(0, centres[y[n]][f] + spread * gaussian(random)));
            }
          }
          Dataset all = new Dataset("blobs", FeatureSchema.unitBox(features), classNames, x, y);
          return new Dataset.Split(
              all.subset("blobs/pool", IntStream.range(0, trainRows).toArray()),
              all.subset("blobs/test", IntStream.range(trainRows, rows).toArray()));
        };
    return new PoolScenario(
        name, agents, source, true, Map.of(), FeatureDecoder.of(FeatureSchema.unitBox(features)));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /**
   * FashionMNIST: agents draw from the training part; the test part (or a seeded sample of
   * test-rows of it) tests.
   */
  private static Scenario fashionMnist(String name, Config scenario, Config root) {
    Agents agents = Agents.fromConfig(scenario, root, FashionMnist.CLASS_NAMES.size());
    int testRows = scenario.getInt("test-rows");
    Path directory = FashionMnist.directory(root);
    Dataset train = FashionMnist.load(directory, FashionMnist.Part.TRAIN);
    Dataset test = FashionMnist.load(directory, FashionMnist.Part.TEST);
    if (testRows < 0 || testRows > test.size()) {
      throw new IllegalArgumentException(
          "scenario.test-rows must be in [0, " + test.size() + "] (0 = all), got " + testRows);
    }
    PoolSource source =
        seed ->
            new Dataset.Split(
                train,
                testRows == 0
                    ? test
                    : test.shuffled(seed)
                        .subset(test.name(), IntStream.range(0, testRows).toArray()));
    List<Path> files = new ArrayList<>(FashionMnist.files(directory, FashionMnist.Part.TRAIN));
    files.addAll(FashionMnist.files(directory, FashionMnist.Part.TEST));
    return new PoolScenario(
        name, agents, source, false, shown(root, files), FashionMnist.decoder());
  }

  /**
   * UCI heart disease (experiments 3 and 4): one learner per training site, in the order of
   * coopdistill.data.heart-disease.training-sites.
   */
  private static Scenario heartDisease(String name, Config scenario, Config root) {
    HeartDisease.Options options = HeartDisease.Options.fromConfig(root);
    SiteData sites = HeartDisease.load(options);
    Map<String, Path> files = shown(root, options.files());
    List<Config> specs =
        learnerSpecs(
            scenario, sites.training().size(), "coopdistill.data.heart-disease.training-sites");
    List<String> names = specs.stream().map(c -> c.getString("name")).toList();
    List<Learner> learners = specs.stream().map(c -> Agents.learner(c, root)).toList();
    return new SiteScenario(
        name, names, learners, validationFraction(scenario), files, seed -> sites);
  }

  /**
   * A user's own sites (conf/table-scenario.conf), one file each ({@code table.sites}) or one file
   * split into sites by {@code scenario.partition} ({@code table.split}): one learner per site, the
   * {@code learners} list in site order or one {@code learner} for all; file names relative to
   * {@code folder}. Checks that every site has the rows its learner needs, on the first seed's
   * trial (for sites of their own files, stratified splits keep the same number of rows of each
   * class for every seed; a run checks every seed's sites for two classes).
   */
  private static Scenario table(String name, Config scenario, Config root, Path folder) {
    Config table = scenario.getConfig("table");
    PartitionOptions partition = PartitionOptions.fromConfig(scenario.getConfig("partition"));
    List<String> names;
    SiteTables.Options options;
    LongFunction<SiteData> data;
    if (table.hasPath("split")) {
      SplitTable split = SplitTable.read(table, folder, partition);
      names = split.siteNames();
      options = split.options();
      data = split::split;
    } else {
      if (partition.type() != PartitionOptions.Type.IID) {
        throw new IllegalArgumentException(
            PartitionOptions.PATH
                + ".type = "
                + ConfigEnums.name(partition.type())
                + " splits one file "
                + "into sites (table.split { file, sites }); with table.sites every site's file is its data");
      }
      options = SiteTables.Options.fromConfig(table, folder);
      SiteTables tables = SiteTables.read(options);
      names = tables.siteNames();
      data = tables::split;
    }
    List<Learner> learners;
    if (scenario.hasPath("learners") == scenario.hasPath("learner")) {
      throw new IllegalArgumentException(
          "scenario "
              + name
              + ": give either learners = [...] (one per site, in the order of table.sites) "
              + "or learner { ... } (the same for every site)");
    }
    if (scenario.hasPath("learners")) {
      List<Config> specs = learnerSpecs(scenario, names.size(), "table.sites " + names);
      for (int i = 0; i < specs.size(); i++) {
        if (specs.get(i).hasPath("name") && !specs.get(i).getString("name").equals(names.get(i))) {
          throw new IllegalArgumentException(
              "scenario.learners entry "
                  + i
                  + " is named '"
                  + specs.get(i).getString("name")
                  + "', but site "
                  + i
                  + " is '"
                  + names.get(i)
                  + "'; learners are in the order of table.sites "
                  + names);
        }
      }
      learners = specs.stream().map(c -> Agents.learner(c, root)).toList();
    } else {
      Learner learner = Agents.learner(scenario.getConfig("learner"), root);
      learners = names.stream().map(n -> learner).toList();
    }
    SiteScenario sites =
        new SiteScenario(
            name, names, learners, validationFraction(scenario), tableFiles(root, options), data);
    Trial first = sites.trial(scenario.getLong("first-seed"));
    if (first.test().size() == 0)
      throw new IllegalArgumentException(
          "scenario "
              + name
              + ": the test set is empty; raise table.test-fraction or give a table.test file");
    for (Site p : first.sites()) {
      long classes = Arrays.stream(p.data().classCounts()).filter(count -> count > 0).count();
      if (classes < 2 || p.data().size() < p.learner().minimumRows()) {
        throw new TrainingDataException(
            "site '"
                + p.name()
                + "' trains on "
                + p.data().size()
                + " rows of "
                + classes
                + " class(es) "
                + "(after the held-out test and validation rows); its learner "
                + p.learner().name()
                + " needs at least "
                + p.learner().minimumRows()
                + " rows of at least 2 classes");
      }
    }
    return sites;
  }

  private static double validationFraction(Config scenario) {
    double holdOut = scenario.getDouble("validation-fraction");
    if (!(holdOut >= 0 && holdOut < 1))
      throw new IllegalArgumentException(
          "scenario.validation-fraction must be in [0, 1), got " + holdOut);
    return holdOut;
  }

  /**
   * One learner per site of a {@link SiteData}; each seed holds out a different stratified
   * validation split of every site (the rows a learner does not train on).
   */
  private record SiteScenario(
      String name,
      List<String> agents,
      List<Learner> learners,
      double validationFraction,
      Map<String, Path> dataFiles,
      LongFunction<SiteData> data)
      implements Scenario {
    @Override
    public boolean tabular() {
      return true;
    }

    @Override
    public Trial trial(long seed) {
      SiteData sites = data.apply(seed);
      List<Site> trialSites = new ArrayList<>();
      for (int i = 0; i < learners.size(); i++) {
        Dataset site = sites.training().get(i);
        // The held-out split is the privacy audit's non-members: rows of the site's own
        // distribution it never trains on.
        Dataset.Split split =
            validationFraction == 0 ? null : site.stratifiedSplit(validationFraction, seed);
        trialSites.add(
            split == null
                ? new Site(agents.get(i), learners.get(i), site)
                : new Site(agents.get(i), learners.get(i), split.first(), null, split.second()));
      }
      return new Trial(name, seed, trialSites, sites.test(), sites.union().decoder());
    }
  }

  /**
   * Statlog German credit (experiment 6): per trial, 400/400/200 rows for two learners and the
   * test; features are removed from the two parts until {@code shared-features[seed mod n]} are in
   * both, so the seeds sweep the overlap, each value repeated for every n-th seed.
   */
  private static Scenario germanCredit(String name, Config scenario, Config root) {
    Table table = GermanCredit.read(root);
    Map<String, Path> files = shown(root, List.of(GermanCredit.file(root)));
    List<Config> specs = learnerSpecs(scenario, 2, "the two parts of experiment 6");
    List<String> names = specs.stream().map(c -> c.getString("name")).toList();
    List<Learner> learners = specs.stream().map(c -> Agents.learner(c, root)).toList();
    List<Integer> shared = scenario.getIntList("shared-features");
    if (shared.isEmpty() || shared.stream().anyMatch(s -> s < 0 || s > table.columns().size())) {
      throw new IllegalArgumentException(
          "scenario.shared-features must be a non-empty list of counts in [0, "
              + table.columns().size()
              + "], got "
              + shared);
    }
    return new Scenario() {
      @Override
      public List<String> agents() {
        return names;
      }

      @Override
      public boolean tabular() {
        return true;
      }

      @Override
      public Map<String, Path> dataFiles() {
        return files;
      }

      @Override
      public OptionalDouble covariate(long seed) {
        return OptionalDouble.of(sharedFeatures(seed));
      }

      @Override
      public String covariateName() {
        return "shared features";
      }

      private int sharedFeatures(long seed) {
        return shared.get((int) Math.floorMod(seed, (long) shared.size()));
      }

      @Override
      public Trial trial(long seed) {
        SiteData split = GermanCredit.featureOverlapSplit(table, seed, sharedFeatures(seed));
        List<Site> trialSites = new ArrayList<>();
        for (int i = 0; i < 2; i++)
          trialSites.add(new Site(names.get(i), learners.get(i), split.training().get(i)));
        return new Trial(name, seed, trialSites, split.test(), split.union().decoder());
      }
    };
  }

  /**
   * A table scenario's site and test files, by the names results show (as the user wrote them when
   * outside the project).
   */
  private static Map<String, Path> tableFiles(Config root, SiteTables.Options options) {
    Path project = Path.of(root.getString("coopdistill.root"));
    List<SiteTables.DataFile> files =
        new ArrayList<>(options.sites().stream().map(SiteTables.Site::file).toList());
    if (options.test() != null) files.add(options.test());
    Map<String, Path> shown = new LinkedHashMap<>();
    for (SiteTables.DataFile file : files)
      shown.put(DataFiles.shown(project, file.path(), file.given()), file.path());
    return Collections.unmodifiableMap(shown);
  }

  /**
   * The files by the names results show (relative to coopdistill.root when inside it), in order.
   */
  private static Map<String, Path> shown(Config root, List<Path> files) {
    Path project = Path.of(root.getString("coopdistill.root"));
    Map<String, Path> shown = new LinkedHashMap<>();
    for (Path file : files) shown.put(DataFiles.shown(project, file), file);
    return Collections.unmodifiableMap(shown);
  }

  private static List<Config> learnerSpecs(Config scenario, int expected, String what) {
    List<? extends Config> specs = scenario.getConfigList("learners");
    if (specs.size() != expected) {
      throw new IllegalArgumentException(
          "scenario.learners has "
              + specs.size()
              + " entries; it needs one per site ("
              + expected
              + ", "
              + what
              + ")");
    }
    return List.copyOf(specs);
  }
}
