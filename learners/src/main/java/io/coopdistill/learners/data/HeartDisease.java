package io.coopdistill.learners.data;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The UCI heart disease data of the paper's experiments 3 and 4: four hospitals' records of the
 * same 13 features, the target (0 = no disease, 1-4 = disease) binarised as {@code target > 0}.
 * Each training site drops the features at least {@code dropMissingFraction} of its rows do not
 * report; the test site keeps all, and every site is encoded in the training sites' union schema.
 */
public final class HeartDisease {
  /** The four hospitals, with the file each one's records are in. */
  public enum Site {
    CLEVELAND("processed.cleveland.csv"),
    HUNGARY("processed.hungarian.csv"),
    SWITZERLAND("processed.switzerland.csv"),
    LONG_BEACH("processed.va.csv");

    private final String fileName;

    Site(String fileName) {
      this.fileName = fileName;
    }

    public String fileName() {
      return fileName;
    }

    /** The name used in configuration: lower case with dashes, e.g. {@code long-beach}. */
    public String configName() {
      return ConfigEnums.name(this);
    }

    static Site ofConfigName(String key, String value) {
      return ConfigEnums.parse(Site.class, value, key);
    }
  }

  public static final String CONFIG_PATH = "coopdistill.data.heart-disease";

  /**
   * @param directory folder with the four {@code processed.*.csv} files
   * @param trainingSites the cooperating sites, one model each (paper: Long Beach, Switzerland,
   *     Hungary)
   * @param testSite the common test set (paper: Cleveland, the only site with every feature)
   * @param dropMissingFraction a site drops a feature when at least this fraction of its rows lack
   *     it (paper: 0.25)
   * @param zeroCholesterolIsMissing read cholesterol 0 as not reported: all of Switzerland's and a
   *     quarter of Long Beach's values are 0, which is no measurement
   */
  public record Options(
      Path directory,
      List<Site> trainingSites,
      Site testSite,
      double dropMissingFraction,
      boolean zeroCholesterolIsMissing) {
    public Options {
      trainingSites = List.copyOf(trainingSites);
      if (trainingSites.isEmpty())
        throw new IllegalArgumentException("training-sites: at least one site is needed");
      if (new HashSet<>(trainingSites).size() != trainingSites.size()) {
        throw new IllegalArgumentException(
            "training-sites: a site is listed twice in " + trainingSites);
      }
      if (trainingSites.contains(testSite))
        throw new IllegalArgumentException("test-site " + testSite + " is also a training site");
      require(
          dropMissingFraction > 0 && dropMissingFraction <= 1,
          "drop-missing-fraction",
          "in (0, 1]",
          dropMissingFraction);
    }

    /**
     * The files {@link HeartDisease#load(Options)} reads: the training sites' in order, then the
     * test site's.
     */
    public List<Path> files() {
      List<Path> files = new ArrayList<>();
      for (Site site : trainingSites) files.add(directory.resolve(site.fileName()));
      files.add(directory.resolve(testSite.fileName()));
      return files;
    }

    /** From the section at {@value #CONFIG_PATH} (documented in conf/data.conf). */
    public static Options fromConfig(Config root) {
      Config c = root.getConfig(CONFIG_PATH);
      List<Site> training =
          c.getStringList("training-sites").stream()
              .map(name -> Site.ofConfigName("training-sites", name))
              .toList();
      return new Options(
          Path.of(c.getString("dir")),
          training,
          Site.ofConfigName("test-site", c.getString("test-site")),
          c.getDouble("drop-missing-fraction"),
          c.getBoolean("zero-cholesterol-is-missing"));
    }
  }

  private HeartDisease() {}

  /**
   * How the files are read: sex, cp, fbs, restecg, exang, slope and thal are nominal; ca is a
   * count.
   */
  public static TableSpec spec(boolean zeroCholesterolIsMissing) {
    TableSpec.Builder builder =
        TableSpec.builder("target")
            .binariseAbove(0, "no disease", "disease")
            .numeric("age", "trestbps", "chol", "thalach", "oldpeak", "ca")
            .nominal("sex", "0", "1")
            .nominal("cp", "1", "2", "3", "4")
            .nominal("fbs", "0", "1")
            .nominal("restecg", "0", "1", "2")
            .nominal("exang", "0", "1")
            .nominal("slope", "1", "2", "3")
            .nominal("thal", "3", "6", "7");
    if (zeroCholesterolIsMissing) builder.columnMissingValues("chol", "0");
    return builder.build();
  }

  /** One site's records with all 13 features. */
  public static Table read(Path directory, Site site, boolean zeroCholesterolIsMissing) {
    Path file = directory.resolve(site.fileName());
    if (!Files.isRegularFile(file)) {
      throw new DataNotFoundException(
          "heart disease file "
              + file
              + " not found; set "
              + CONFIG_PATH
              + ".dir "
              + "(or coopdistill.data.dir) to the folder holding processed.{cleveland,hungarian,switzerland,va}.csv");
    }
    return CsvReader.read(file, spec(zeroCholesterolIsMissing));
  }

  /**
   * The training sites (each without its sparse features) and the test site, all in the training
   * sites' union schema.
   */
  public static SiteData load(Options options) {
    List<Table> sites = new ArrayList<>();
    List<List<String>> dropped = new ArrayList<>();
    for (Site site : options.trainingSites()) {
      Table table = read(options.directory(), site, options.zeroCholesterolIsMissing());
      List<String> sparse = table.columnsMissingAtLeast(options.dropMissingFraction());
      sites.add(table.without(sparse));
      dropped.add(sparse);
    }
    return SiteData.encode(
        sites,
        dropped,
        read(options.directory(), options.testSite(), options.zeroCholesterolIsMissing()));
  }

  public static SiteData load(Config root) {
    return load(Options.fromConfig(root));
  }
}
