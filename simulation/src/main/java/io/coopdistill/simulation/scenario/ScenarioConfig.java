package io.coopdistill.simulation.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.coopdistill.learners.ConfigSections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A scenario's effective configuration: {@code --set} overrides, over the scenario file ({@code
 * conf/scenarios/<name>.conf} for a built-in scenario, or a user's own file anywhere), over the
 * application configuration. The scenario's own keys live under {@code scenario}; its {@code scale}
 * picks defaults from {@code scenario.scales.<scale>}; a scenario of {@code data = table} takes the
 * defaults of {@code conf/table-scenario.conf}, and one of generated data, FashionMNIST or a table
 * those of {@code scenario.partition} in {@code conf/partition.conf}.
 */
public final class ScenarioConfig {
  /** The defaults of a scenario of {@code data = table}, in conf/. */
  static final String TABLE_TEMPLATE = "table-scenario.conf";

  /**
   * The defaults of {@code scenario.partition}, in conf/, for the scenarios of these data sources
   * (which split rows among sites).
   */
  static final String PARTITION_DEFAULTS = "partition.conf";

  static final Set<String> PARTITIONED = Set.of("blobs", "fashion-mnist", "table");

  /**
   * A user's scenario file, as its path relative to coopdistill.root (so that a run's recorded
   * configuration holds no absolute path); set when a scenario is loaded from a file.
   */
  public static final String FILE_PATH = "scenario.file";

  /** The scenario run when none is named. */
  public static final String DEFAULT_SCENARIO = "quickstart";

  private final String name;
  private final Config root;

  private ScenarioConfig(String name, Config root) {
    this.name = name;
    this.root = root;
  }

  public String name() {
    return name;
  }

  /**
   * Everything, resolved: {@code scenario} (with its scale's defaults folded in) and {@code
   * coopdistill}.
   */
  public Config root() {
    return root;
  }

  /** The scenario's own section, with its scale's defaults. */
  public Config scenario() {
    return root.getConfig("scenario");
  }

  /** The folder the scenario's file names are relative to: its own file's folder. */
  public Path directory() {
    if (!root.hasPath(FILE_PATH)) return scenarioDirectory();
    return projectRoot().resolve(root.getString(FILE_PATH)).normalize().getParent();
  }

  private static Path projectRoot() {
    return Path.of(ConfigFactory.load().getString("coopdistill.root")).toAbsolutePath().normalize();
  }

  /**
   * Whether {@code scenario} names a file rather than a built-in scenario: it ends in .conf or has
   * a folder in it.
   */
  public static boolean isFile(String scenario) {
    return scenario.endsWith(".conf")
        || scenario.contains("/")
        || scenario.contains(java.io.File.separator);
  }

  /** The folder holding the scenario files: {@code <coopdistill.root>/conf/scenarios}. */
  public static Path scenarioDirectory() {
    return Path.of(ConfigFactory.load().getString("coopdistill.root"))
        .resolve("conf")
        .resolve("scenarios");
  }

  /** Scenario names with their one-line descriptions, in name order. */
  public static Map<String, String> catalog() {
    Map<String, String> catalog = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(scenarioDirectory())) {
      files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".conf"))
          .sorted()
          .forEach(
              f -> {
                String scenario = f.substring(0, f.length() - ".conf".length());
                catalog.put(scenario, parseFile(scenario).getString("scenario.description"));
              });
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot list the scenarios in " + scenarioDirectory() + ": " + e.getMessage(), e);
    }
    return catalog;
  }

  /**
   * Loads scenario {@code name} with {@code overrides} ({@code key=value} strings, HOCON values).
   *
   * @throws IllegalArgumentException naming the scenario, key or value that is wrong
   */
  public static ScenarioConfig load(String scenario, List<String> overrides) {
    String name;
    Config file;
    if (isFile(scenario)) {
      Path path = Path.of(scenario).toAbsolutePath().normalize();
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException(
            "scenario file '"
                + scenario
                + "' not found (resolved to "
                + path
                + "); built-in scenarios are "
                + "named without .conf: "
                + String.join(", ", catalog().keySet()));
      }
      String fileName = path.getFileName().toString();
      name =
          fileName.endsWith(".conf")
              ? fileName.substring(0, fileName.length() - ".conf".length())
              : fileName;
      file = parseFile(path);
      if (!file.hasPath("scenario")) {
        throw new IllegalArgumentException(
            "scenario file "
                + path
                + " has no scenario { ... } section; see conf/"
                + TABLE_TEMPLATE
                + " for a scenario of your own data");
      }
      file =
          ConfigFactory.parseMap(Map.of(FILE_PATH, projectRoot().relativize(path).toString()))
              .withFallback(file);
    } else {
      Map<String, String> catalog = catalog();
      if (!catalog.containsKey(scenario)) {
        throw new IllegalArgumentException(
            "unknown scenario '"
                + scenario
                + "'; scenarios: "
                + String.join(", ", catalog.keySet())
                + " (see ./coopdistill list), or give a scenario file (.conf)");
      }
      name = scenario;
      file = parseFile(scenario);
    }
    if (file.hasPath("scenario.data")
        && file.getValue("scenario.data").unwrapped().equals("table")) {
      file = file.withFallback(parseFile(projectRoot().resolve("conf").resolve(TABLE_TEMPLATE)));
    }
    if (file.hasPath("scenario.data")
        && PARTITIONED.contains(file.getValue("scenario.data").unwrapped())) {
      file = file.withFallback(partitionDefaults());
    }
    // Reports show a description; a file of one's own may leave it out.
    file =
        file.withFallback(
            ConfigFactory.parseMap(Map.of("scenario.description", "scenario " + name)));
    Config base = file.withFallback(ConfigFactory.defaultApplication());
    Config known = withScale(ConfigFactory.load(base));
    Config sets = ConfigFactory.empty();
    for (String override : overrides) sets = parseOverride(override, known).withFallback(sets);
    Config overridden = sets.withFallback(base);
    return new ScenarioConfig(
        name,
        ConfigSections.read(
            "configuration of scenario " + name, () -> withScale(ConfigFactory.load(overridden))));
  }

  /**
   * The application configuration without a scenario, with {@code overrides} of coopdistill.* keys
   * checked as in {@link #load}.
   */
  public static Config application(List<String> overrides) {
    Config base = ConfigFactory.defaultApplication();
    Config known = ConfigFactory.load(base);
    Config sets = ConfigFactory.empty();
    for (String override : overrides) sets = parseOverride(override, known).withFallback(sets);
    Config overridden = sets.withFallback(base);
    return ConfigSections.read("application configuration", () -> ConfigFactory.load(overridden));
  }

  /**
   * The configuration a run recorded ({@code effective}: its scenario and coopdistill sections, as
   * in run.json).
   */
  public static ScenarioConfig recorded(String name, Config effective) {
    return new ScenarioConfig(name, effective.withFallback(ConfigFactory.load()).resolve());
  }

  /** conf/partition.conf: {@code scenario.partition} with every key's default. */
  static Config partitionDefaults() {
    return parseFile(projectRoot().resolve("conf").resolve(PARTITION_DEFAULTS));
  }

  /** Folds {@code scenario.scales.<scenario.scale>} under the scenario's own keys (theirs win). */
  private static Config withScale(Config root) {
    Config scenario = root.getConfig("scenario");
    if (!scenario.hasPath("scale")) return root;
    String scale = scenario.getString("scale");
    if (!scenario.hasPath("scales." + scale)) {
      throw new IllegalArgumentException(
          "scenario.scale must be one of "
              + scenario.getConfig("scales").root().keySet()
              + ", got '"
              + scale
              + "'");
    }
    return scenario
        .withFallback(scenario.getConfig("scales." + scale))
        .atKey("scenario")
        .withFallback(root);
  }

  private static Config parseFile(String name) {
    return parseFile(scenarioDirectory().resolve(name + ".conf"));
  }

  private static Config parseFile(Path file) {
    return ConfigSections.read(
        "cannot read scenario file " + file,
        () ->
            ConfigFactory.parseFile(
                file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
  }

  /**
   * One {@code key=value}: the key must exist (under scenario or coopdistill) and the value must
   * have its type.
   */
  private static Config parseOverride(String override, Config known) {
    int eq = override.indexOf('=');
    if (eq <= 0)
      throw new IllegalArgumentException("--set expects key=value, got '" + override + "'");
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    if (!(key.startsWith("scenario.") || key.startsWith("coopdistill.")) || !hasPath(known, key)) {
      throw new IllegalArgumentException(
          "--set "
              + key
              + ": unknown key; keys are those under scenario.* (see the scenario file) "
              + "or coopdistill.* (see conf/*.conf)"
              + suggestion(known, key));
    }
    Config parsed =
        ConfigSections.read(
            "--set " + key + ": cannot parse value '" + value + "'",
            () -> ConfigFactory.parseString(quoteKey(key) + " = " + value));
    checkType(key, known.getValue(key), parsed);
    return parsed;
  }

  private static boolean hasPath(Config config, String key) {
    try {
      return config.hasPathOrNull(key);
    } catch (ConfigException e) {
      return false;
    }
  }

  private static String quoteKey(String key) {
    List<String> parts = new ArrayList<>();
    for (String part : key.split("\\.", -1)) parts.add("\"" + part + "\"");
    return String.join(".", parts);
  }

  private static String suggestion(Config known, String key) {
    int dot = key.lastIndexOf('.');
    if (dot < 0) return "";
    String parent = key.substring(0, dot);
    if (!hasPath(known, parent) || known.getValue(parent).valueType() != ConfigValueType.OBJECT)
      return "";
    return "; keys under "
        + parent
        + ": "
        + String.join(", ", known.getConfig(parent).root().keySet());
  }

  private static void checkType(String key, ConfigValue existing, Config parsed) {
    String problem = null;
    try {
      switch (existing.valueType()) {
        case NUMBER -> {
          double v = parsed.getDouble(key);
          if (existing.unwrapped() instanceof Integer || existing.unwrapped() instanceof Long) {
            if (v != Math.rint(v)) problem = "a whole number";
          }
        }
        case BOOLEAN -> parsed.getBoolean(key);
        case LIST -> parsed.getList(key);
        case OBJECT -> parsed.getConfig(key);
        case STRING -> {
          ConfigValueType t = parsed.getValue(key).valueType();
          if (t == ConfigValueType.LIST || t == ConfigValueType.OBJECT) problem = "a string";
        }
        case NULL -> {}
      }
    } catch (ConfigException.WrongType e) {
      problem = existing.valueType().name().toLowerCase();
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "--set "
              + key
              + ": bad value "
              + parsed.getValue(key).render()
              + ", expected "
              + problem
              + " like the default "
              + existing.render());
    }
  }
}
