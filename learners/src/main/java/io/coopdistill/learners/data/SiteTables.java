package io.coopdistill.learners.data;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.RowSink.HeaderColumn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's own sites: one table file per site (CSV with a header line, or ARFF), and a common test
 * set, either a file or a stratified fraction held out of every site. Everything is checked when
 * the files are read, before any training.
 *
 * <p>Column types: a column listed in {@code nominal} or {@code numeric} has that type; otherwise
 * the type an ARFF file declares; otherwise (CSV) numeric when every value at every site is a
 * number, nominal when none is, and an error naming the first text value when both occur. Missing
 * values ({@code ""} and {@code ?} by default) are allowed anywhere but in the label. The classes
 * are the label values the sites have; test rows of another class are left out, with a warning.
 *
 * <p>Sites may have different columns: as for the paper's mismatched feature spaces, every site is
 * encoded in the union of the sites' encodings (numeric columns scaled to [0, 1] by the sites'
 * bounds, nominal ones one-hot over the sites' categories); a column a site lacks, or does not
 * report in any row, is 0 there. The test set never contributes to bounds or categories.
 *
 * <p>Column names are matched exactly, after {@code table.rename}; names that differ only in case,
 * between files or within one, are an error naming each spelling and its files (a byte-order mark
 * and surrounding white space are never part of a name: the readers drop them).
 */
public final class SiteTables {
  private static final Logger LOG = LoggerFactory.getLogger(SiteTables.class);

  /** The keys of a {@code table} section (see conf/table-scenario.conf). */
  public static final Set<String> KEYS =
      Set.of(
          "sites",
          "test",
          "test-fraction",
          "label",
          "nominal",
          "numeric",
          "ignore",
          "missing-values",
          "rename",
          "delimiter",
          "decimal");

  /** A file as the user wrote it and as resolved against the scenario file's folder. */
  public record DataFile(String given, Path path) {
    @Override
    public String toString() {
      return "'" + given + "'" + (Path.of(given).equals(path) ? "" : " (resolved to " + path + ")");
    }
  }

  /** One site: its name and its file. */
  public record Site(String name, DataFile file) {}

  /**
   * @param test the test file, or null to hold out {@code testFraction} of every site
   * @param testFraction with no test file: the stratified fraction of each site's rows held out as
   *     the test set, a different one for each seed
   * @param rename columns to read under another name, by the name a file gives them (in every file)
   * @param delimiter of CSV files: {@code auto} (detected, {@link CsvReader.Dialect}), {@code tab}
   *     or one character
   * @param decimal of CSV files: {@code auto} (a comma where the delimiter is a semicolon), {@code
   *     .} or {@code ,}
   */
  public record Options(
      List<Site> sites,
      DataFile test,
      double testFraction,
      String label,
      List<String> nominal,
      List<String> numeric,
      List<String> ignore,
      Set<String> missingValues,
      Map<String, String> rename,
      String delimiter,
      String decimal) {
    public Options {
      sites = List.copyOf(sites);
      rename = Map.copyOf(rename);
      nominal = List.copyOf(nominal);
      numeric = List.copyOf(numeric);
      ignore = List.copyOf(ignore);
      missingValues = Set.copyOf(missingValues);
      if (sites.size() < 2)
        throw new IllegalArgumentException(
            "table.sites: cooperation needs at least two sites, got " + sites.size());
      Set<String> names = new HashSet<>();
      for (Site site : sites) {
        if (site.name().isBlank())
          throw new IllegalArgumentException("table.sites: a site needs a name");
        if (!names.add(site.name()))
          throw new IllegalArgumentException(
              "table.sites: two sites are named '" + site.name() + "'; site names must differ");
      }
      require(
          test != null || testFraction > 0 && testFraction < 1,
          "table.test-fraction",
          "in (0, 1) when there is no table.test file",
          testFraction);
      if (label.isBlank())
        throw new IllegalArgumentException("table.label must name the class column");
      Map<String, String> declared = new LinkedHashMap<>();
      declared.put(label, "label");
      for (var list :
          List.of(
              Map.entry("nominal", nominal),
              Map.entry("numeric", numeric),
              Map.entry("ignore", ignore))) {
        for (String column : list.getValue()) {
          String before = declared.put(column, list.getKey());
          if (before != null) {
            throw new IllegalArgumentException(
                "table."
                    + list.getKey()
                    + ": column '"
                    + column
                    + "' is already the "
                    + before
                    + (before.equals("label") ? "" : " list's")
                    + "; a column has one role");
          }
        }
      }
      for (var entry : rename.entrySet()) {
        if (entry.getKey().isBlank() || entry.getValue().isBlank()) {
          throw new IllegalArgumentException(
              "table.rename: a column name is empty, in \""
                  + entry.getKey()
                  + "\" = \""
                  + entry.getValue()
                  + "\"");
        }
        if (rename.containsKey(entry.getValue()) && !entry.getValue().equals(entry.getKey())) {
          throw new IllegalArgumentException(
              "table.rename maps '"
                  + entry.getKey()
                  + "' to '"
                  + entry.getValue()
                  + "', which it renames too; a column is renamed once");
        }
      }
      require(
          delimiter.equals("auto")
              || delimiter.equals("tab")
              || delimiter.length() == 1 && delimits(delimiter.charAt(0)),
          "table.delimiter",
          "auto, tab or one character other than a letter, digit, space, quote or line break",
          "'" + delimiter + "'");
      require(
          Set.of("auto", ".", ",").contains(decimal),
          "table.decimal",
          "auto, \".\" or \",\"",
          "'" + decimal + "'");
    }

    /**
     * Options that read every CSV file as {@link CsvReader.Dialect#DETECT} finds it and rename no
     * column.
     */
    public Options(
        List<Site> sites,
        DataFile test,
        double testFraction,
        String label,
        List<String> nominal,
        List<String> numeric,
        List<String> ignore,
        Set<String> missingValues) {
      this(
          sites,
          test,
          testFraction,
          label,
          nominal,
          numeric,
          ignore,
          missingValues,
          Map.of(),
          "auto",
          "auto");
    }

    private static boolean delimits(char c) {
      return !Character.isLetterOrDigit(c) && c != ' ' && c != '"' && c != '\r' && c != '\n';
    }

    /** How the CSV files are read. */
    public CsvReader.Dialect dialect() {
      return new CsvReader.Dialect(
          delimiter.equals("auto")
              ? Optional.empty()
              : Optional.of(delimiter.equals("tab") ? '\t' : delimiter.charAt(0)),
          decimal.equals("auto") ? Optional.empty() : Optional.of(decimal.charAt(0)));
    }

    /**
     * From a scenario's {@code table} section; relative file names are resolved against {@code
     * folder} (the scenario file's). {@code test = ""} means no test file.
     */
    public static Options fromConfig(Config table, Path folder) {
      return ConfigSections.read(
          "scenario.table",
          () -> {
            for (String key : table.root().keySet()) {
              if (!KEYS.contains(key))
                throw new IllegalArgumentException(
                    "table." + key + ": unknown key; the keys are " + new TreeSet<>(KEYS));
            }
            List<Site> sites = new ArrayList<>();
            for (Config site : table.getConfigList("sites")) {
              for (String key : site.root().keySet()) {
                if (!Set.of("name", "file").contains(key))
                  throw new IllegalArgumentException(
                      "table.sites: unknown key '" + key + "' (a site has a name and a file)");
              }
              sites.add(new Site(site.getString("name"), file(site.getString("file"), folder)));
            }
            String test = table.getString("test");
            Config renames = table.getConfig("rename");
            Map<String, String> rename = new LinkedHashMap<>();
            for (String from : renames.root().keySet())
              rename.put(from, renames.getString(ConfigUtil.quoteString(from)));
            return new Options(
                sites,
                test.isEmpty() ? null : file(test, folder),
                table.getDouble("test-fraction"),
                table.getString("label"),
                table.getStringList("nominal"),
                table.getStringList("numeric"),
                table.getStringList("ignore"),
                new LinkedHashSet<>(table.getStringList("missing-values")),
                rename,
                table.getString("delimiter"),
                table.getString("decimal"));
          });
    }

    private static DataFile file(String given, Path folder) {
      if (given.isBlank()) throw new IllegalArgumentException("table: a file name is empty");
      return new DataFile(given, folder.resolve(given).toAbsolutePath().normalize());
    }
  }

  private final Options options;
  private final List<String> classNames;
  private final List<Table> sites;
  private final Table test;
  private final int leftOutTestRows;

  /** With a test file: the split of every seed, encoded when first asked for. */
  private SiteData fixedSplit;

  private SiteTables(
      Options options,
      List<String> classNames,
      List<Table> sites,
      Table test,
      int leftOutTestRows) {
    this.options = options;
    this.classNames = classNames;
    this.sites = sites;
    this.test = test;
    this.leftOutTestRows = leftOutTestRows;
  }

  /**
   * Reads and checks every file.
   *
   * @throws DataNotFoundException naming a file that is not there, as given and as resolved
   * @throws IllegalArgumentException (a {@link DataFormatException} with file and line where there
   *     is one) for an unknown label or column, a value that does not fit its column, a column that
   *     mixes numbers and text, a site with fewer than two classes
   */
  public static SiteTables read(Options options) {
    for (Site site : options.sites()) requireFile(site.file(), "site '" + site.name() + "': file ");
    if (options.test() != null) requireFile(options.test(), "test file ");
    Set<String> missing = new HashSet<>();
    for (String token : options.missingValues()) missing.add(TableSpec.canonical(token));
    List<ColumnSurvey> surveys = new ArrayList<>();
    // Sites that share a file (a table split into sites) read it once.
    Map<Path, ColumnSurvey> byFile = new HashMap<>();
    for (Site site : options.sites())
      surveys.add(byFile.computeIfAbsent(site.file().path(), f -> survey(f, options, missing)));
    ColumnSurvey testSurvey =
        options.test() == null ? null : survey(options.test().path(), options, missing);
    requireOneSpelling(options, surveys, testSurvey);

    Set<String> columns = new LinkedHashSet<>();
    for (ColumnSurvey survey : surveys) survey.features().forEach(c -> columns.add(c.name()));
    Set<String> anywhere = new LinkedHashSet<>(columns);
    if (testSurvey != null) testSurvey.features().forEach(c -> anywhere.add(c.name()));
    for (var list :
        List.of(
            Map.entry("nominal", options.nominal()),
            Map.entry("numeric", options.numeric()),
            Map.entry("ignore", options.ignore()))) {
      for (String column : list.getValue()) {
        if (!anywhere.contains(column)) {
          throw new IllegalArgumentException(
              "table."
                  + list.getKey()
                  + " names column '"
                  + column
                  + "', which no file has; the columns are "
                  + anywhere);
        }
      }
    }
    columns.removeAll(options.ignore());
    Map<String, Boolean> numeric = new LinkedHashMap<>();
    for (String column : columns) numeric.put(column, isNumeric(column, options, surveys));

    Set<String> seen = new TreeSet<>(TableBuilder.CATEGORY_ORDER);
    for (int i = 0; i < surveys.size(); i++) {
      Map<String, Integer> counts = surveys.get(i).labelCounts();
      if (counts.size() < 2) {
        throw new TrainingDataException(
            "site '"
                + options.sites().get(i).name()
                + "' ("
                + options.sites().get(i).file()
                + ") has "
                + (counts.isEmpty() ? "no rows" : "rows of only one class, " + counts)
                + "; every site needs rows of at least two classes");
      }
      seen.addAll(counts.keySet());
    }
    List<String> classNames = List.copyOf(seen);

    List<Table> sites = new ArrayList<>();
    Map<ColumnSurvey, Table> readOnce = new HashMap<>();
    for (int i = 0; i < surveys.size(); i++) {
      Table table =
          readOnce.computeIfAbsent(
              surveys.get(i),
              survey -> readTable(survey, options, spec(survey, options, numeric, classNames)));
      sites.add(
          new Table(options.sites().get(i).name(), table.columns(), classNames, table.labels()));
    }
    if (testSurvey == null) return new SiteTables(options, classNames, sites, null, 0);

    Map<String, Integer> unseen = new LinkedHashMap<>(testSurvey.labelCounts());
    unseen.keySet().removeAll(classNames);
    List<String> testClasses = new ArrayList<>(classNames);
    testClasses.addAll(unseen.keySet());
    Table read = readTable(testSurvey, options, spec(testSurvey, options, numeric, testClasses));
    int[] known =
        Arrays.stream(indices(read.rows()))
            .filter(r -> read.labels()[r] < classNames.size())
            .toArray();
    Table kept = read.subset(read.name(), known);
    int leftOut = read.rows() - known.length;
    if (leftOut > 0) {
      LOG.warn(
          "test file {}: {} of {} rows have a class no site has {}; they are left out of the test set",
          options.test(),
          leftOut,
          read.rows(),
          unseen);
    }
    if (known.length == 0)
      throw new IllegalArgumentException(
          "test file " + options.test() + " has no row of a class the sites have, " + classNames);
    return new SiteTables(
        options,
        classNames,
        sites,
        new Table(read.name(), kept.columns(), classNames, kept.labels()),
        leftOut);
  }

  private static void requireFile(DataFile file, String what) {
    if (!Files.isRegularFile(file.path()))
      throw new DataNotFoundException(
          what + file.given() + " not found (resolved to " + file.path() + ")");
  }

  private static boolean arff(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".arff");
  }

  private static ColumnSurvey survey(Path file, Options options, Set<String> missing) {
    return read(file, options, new ColumnSurvey(file, options.label(), missing, options.rename()));
  }

  private static Table readTable(ColumnSurvey survey, Options options, TableSpec spec) {
    return read(
        survey.file(),
        options,
        RowSink.renaming(options.rename(), new TableBuilder(survey.file(), spec)));
  }

  private static <T> T read(Path file, Options options, RowSink<T> sink) {
    return arff(file) ? ArffReader.read(file, sink) : CsvReader.read(file, options.dialect(), sink);
  }

  /**
   * Refuses a table.rename entry that names no file's column, and column names (as renamed) that
   * differ only in case, naming each spelling and the files that have it: which of them the study
   * should use is the user's choice, not a guess (conf/table-scenario.conf says why).
   */
  private static void requireOneSpelling(
      Options options, List<ColumnSurvey> siteSurveys, ColumnSurvey testSurvey) {
    List<ColumnSurvey> surveys = new ArrayList<>(siteSurveys);
    List<DataFile> files = new ArrayList<>(options.sites().stream().map(Site::file).toList());
    if (testSurvey != null) {
      surveys.add(testSurvey);
      files.add(options.test());
    }
    Set<String> spelled = new LinkedHashSet<>();
    Map<String, Map<String, Set<String>>> spellings =
        new LinkedHashMap<>(); // lower case -> spelling -> files
    for (int i = 0; i < surveys.size(); i++) {
      spelled.addAll(surveys.get(i).spelled());
      for (String name : surveys.get(i).names()) {
        spellings
            .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>())
            .computeIfAbsent(name, k -> new LinkedHashSet<>())
            .add(files.get(i).given());
      }
    }
    for (String from : options.rename().keySet()) {
      if (!spelled.contains(from))
        throw new IllegalArgumentException(
            "table.rename names column '"
                + from
                + "', which no file has; the columns are "
                + spelled);
    }
    List<String> clashes = new ArrayList<>();
    String example = null;
    for (Map<String, Set<String>> clash : spellings.values()) {
      if (clash.size() < 2) continue;
      clashes.add(
          clash.entrySet().stream()
              .map(e -> "'" + e.getKey() + "' (" + String.join(", ", e.getValue()) + ")")
              .collect(Collectors.joining(" and ")));
      if (example == null) {
        List<String> names = List.copyOf(clash.keySet());
        example = "\"" + names.get(1) + "\" = \"" + names.get(0) + "\"";
      }
    }
    if (!clashes.isEmpty()) {
      throw new IllegalArgumentException(
          "column names differ only in case: "
              + String.join("; ", clashes)
              + ". A column needs one "
              + "name in every file: correct the files, or map the other spellings to one with table.rename, e.g. table.rename { "
              + example
              + " }");
    }
  }

  /** A column's type, as the class comment says. */
  private static boolean isNumeric(String column, Options options, List<ColumnSurvey> surveys) {
    if (options.nominal().contains(column)) return false;
    if (options.numeric().contains(column)) return true;
    Map<HeaderColumn.Type, Path> declared = new LinkedHashMap<>();
    for (ColumnSurvey survey : surveys) {
      survey.features().stream()
          .filter(c -> c.name().equals(column) && c.declared() != HeaderColumn.Type.UNDECLARED)
          .forEach(c -> declared.putIfAbsent(c.declared(), survey.file()));
    }
    if (declared.size() > 1) {
      throw new IllegalArgumentException(
          "column '"
              + column
              + "' is numeric in "
              + declared.get(HeaderColumn.Type.NUMERIC)
              + " and nominal in "
              + declared.get(HeaderColumn.Type.NOMINAL)
              + "; list it in table.numeric or table.nominal");
    }
    if (declared.size() == 1) return declared.containsKey(HeaderColumn.Type.NUMERIC);
    ColumnSurvey withText = null;
    ColumnSurvey withNumbers = null;
    for (ColumnSurvey survey : surveys) {
      if (!survey.names().contains(column)) continue;
      if (withText == null && survey.firstText(column) != null) withText = survey;
      if (withNumbers == null && survey.hasNumbers(column)) withNumbers = survey;
    }
    if (withText != null && withNumbers != null) {
      throw new IllegalArgumentException(
          withText.file()
              + ", line "
              + withText.firstTextLine(column)
              + ": column '"
              + column
              + "' holds '"
              + withText.firstText(column)
              + "', but also numbers (e.g. in "
              + withNumbers.file()
              + "); list it in table.numeric "
              + "(and fix the value) or in table.nominal (every value a category)");
    }
    return withText == null;
  }

  /**
   * How to read one file: its columns with the types decided for all sites; columns the sites lack,
   * or ignored, dropped.
   */
  private static TableSpec spec(
      ColumnSurvey survey, Options options, Map<String, Boolean> numeric, List<String> classes) {
    TableSpec.Builder spec =
        TableSpec.builder(options.label())
            .classes(classes.toArray(String[]::new))
            .missingValues(options.missingValues().toArray(String[]::new));
    for (HeaderColumn column : survey.features()) {
      Boolean isNumeric = numeric.get(column.name());
      if (isNumeric == null) {
        spec.drop(column.name());
      } else if (isNumeric) {
        spec.numeric(column.name());
      } else {
        spec.nominal(column.name());
      }
    }
    return spec.build();
  }

  private static int[] indices(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    return all;
  }

  public List<String> siteNames() {
    return options.sites().stream().map(Site::name).toList();
  }

  /** The label values the sites have, in order: numbers by value, then text. */
  public List<String> classNames() {
    return classNames;
  }

  /** Rows of the test file left out because their class is one no site has. */
  public int leftOutTestRows() {
    return leftOutTestRows;
  }

  /**
   * The sites' rows and the test set for {@code seed}, encoded in the training sites' union: with a
   * test file the same for every seed; otherwise each site holds out a seeded stratified {@code
   * test-fraction} of its rows, and the held-out rows of all sites are the test set.
   */
  public SiteData split(long seed) {
    if (test != null) return fixedSplit();
    SplittableRandom random = new SplittableRandom(seed);
    List<Table> training = new ArrayList<>();
    List<Table> held = new ArrayList<>();
    for (Table site : sites) {
      Dataset.IndexSplit split = site.stratifiedIndices(options.testFraction(), random.nextLong());
      training.add(site.subset(site.name(), split.first()));
      held.add(site.subset(site.name() + "/test", split.second()));
    }
    return encode(training, held, "held-out");
  }

  private synchronized SiteData fixedSplit() {
    if (fixedSplit == null) fixedSplit = encode(sites, List.of(test), test.name());
    return fixedSplit;
  }

  /** Site {@code i}'s rows as read, before any are held out. */
  public Table table(int i) {
    return sites.get(i);
  }

  /** The test file's rows of the sites' classes, or empty without a test file. */
  public Optional<Table> testTable() {
    return Optional.ofNullable(test);
  }

  /**
   * Each site without the columns none of its rows reports, encoded with the test parts in the
   * sites' union.
   */
  private static SiteData encode(List<Table> training, List<Table> testParts, String testName) {
    Set<String> all = new LinkedHashSet<>();
    training.forEach(t -> all.addAll(t.columnNames()));
    List<Table> kept = new ArrayList<>();
    List<List<String>> lacking = new ArrayList<>();
    for (Table site : training) {
      Table reported = site.without(site.columnsMissingAtLeast(1.0));
      kept.add(reported);
      lacking.add(all.stream().filter(c -> reported.column(c).isEmpty()).toList());
    }
    return SiteData.encode(kept, lacking, testParts, testName);
  }
}
