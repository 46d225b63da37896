package io.coopdistill.simulation.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A scenario's effective configuration: {@code --set} overrides, over the scenario file
 * ({@code conf/scenarios/<name>.conf}), over the application configuration. The scenario's own keys
 * live under {@code scenario}; its {@code scale} picks defaults from {@code scenario.scales.<scale>}.
 */
public final class ScenarioConfig {
  /** The scenario run when none is named. */
  public static final String DEFAULT_SCENARIO = "quickstart";

  private final String name;
  private final Config root;

  private ScenarioConfig(String name, Config root) {
    this.name = name;
    this.root = root;
  }

  public String name() { return name; }

  /** Everything, resolved: {@code scenario} (with its scale's defaults folded in) and {@code coopdistill}. */
  public Config root() { return root; }

  /** The scenario's own section, with its scale's defaults. */
  public Config scenario() { return root.getConfig("scenario"); }

  /** The folder holding the scenario files: {@code <coopdistill.root>/conf/scenarios}. */
  public static Path scenarioDirectory() {
    return Path.of(ConfigFactory.load().getString("coopdistill.root")).resolve("conf").resolve("scenarios");
  }

  /** Scenario names with their one-line descriptions, in name order. */
  public static Map<String, String> catalog() {
    Map<String, String> catalog = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(scenarioDirectory())) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".conf")).sorted().forEach(f -> {
        String scenario = f.substring(0, f.length() - ".conf".length());
        catalog.put(scenario, parseFile(scenario).getString("scenario.description"));
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the scenarios in " + scenarioDirectory() + ": " + e.getMessage(), e);
    }
    return catalog;
  }

  /**
   * Loads scenario {@code name} with {@code overrides} ({@code key=value} strings, HOCON values).
   *
   * @throws IllegalArgumentException naming the scenario, key or value that is wrong
   */
  public static ScenarioConfig load(String name, List<String> overrides) {
    Map<String, String> catalog = catalog();
    if (!catalog.containsKey(name)) {
      throw new IllegalArgumentException("unknown scenario '" + name + "'; scenarios: " + String.join(", ", catalog.keySet())
          + " (see ./coopdistill list)");
    }
    Config base = parseFile(name).withFallback(ConfigFactory.defaultApplication());
    Config known = withScale(ConfigFactory.load(base));
    Config sets = ConfigFactory.empty();
    for (String override : overrides) sets = parseOverride(override, known).withFallback(sets);
    Config root;
    try {
      root = withScale(ConfigFactory.load(sets.withFallback(base)));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad configuration: " + e.getMessage(), e);
    }
    return new ScenarioConfig(name, root);
  }

  /** The application configuration without a scenario, with {@code overrides} of coopdistill.* keys checked as in {@link #load}. */
  public static Config application(List<String> overrides) {
    Config base = ConfigFactory.defaultApplication();
    Config known = ConfigFactory.load(base);
    Config sets = ConfigFactory.empty();
    for (String override : overrides) sets = parseOverride(override, known).withFallback(sets);
    try {
      return ConfigFactory.load(sets.withFallback(base));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad configuration: " + e.getMessage(), e);
    }
  }

  /** The configuration a run recorded ({@code effective}: its scenario and coopdistill sections, as in run.json). */
  public static ScenarioConfig recorded(String name, Config effective) {
    return new ScenarioConfig(name, effective.withFallback(ConfigFactory.load()).resolve());
  }

  /** Folds {@code scenario.scales.<scenario.scale>} under the scenario's own keys (theirs win). */
  private static Config withScale(Config root) {
    Config scenario = root.getConfig("scenario");
    if (!scenario.hasPath("scale")) return root;
    String scale = scenario.getString("scale");
    if (!scenario.hasPath("scales." + scale)) {
      throw new IllegalArgumentException("scenario.scale must be one of " + scenario.getConfig("scales").root().keySet()
          + ", got '" + scale + "'");
    }
    return scenario.withFallback(scenario.getConfig("scales." + scale)).atKey("scenario").withFallback(root);
  }

  private static Config parseFile(String name) {
    Path file = scenarioDirectory().resolve(name + ".conf");
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("cannot read scenario file " + file + ": " + e.getMessage(), e);
    }
  }

  /** One {@code key=value}: the key must exist (under scenario or coopdistill) and the value must have its type. */
  private static Config parseOverride(String override, Config known) {
    int eq = override.indexOf('=');
    if (eq <= 0) throw new IllegalArgumentException("--set expects key=value, got '" + override + "'");
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    if (!(key.startsWith("scenario.") || key.startsWith("coopdistill.")) || !hasPath(known, key)) {
      throw new IllegalArgumentException("--set " + key + ": unknown key; keys are those under scenario.* (see the scenario file) "
          + "or coopdistill.* (see conf/*.conf)" + suggestion(known, key));
    }
    Config parsed;
    try {
      parsed = ConfigFactory.parseString(quoteKey(key) + " = " + value);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("--set " + key + ": cannot parse value '" + value + "': " + e.getMessage(), e);
    }
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
    if (!hasPath(known, parent) || known.getValue(parent).valueType() != ConfigValueType.OBJECT) return "";
    return "; keys under " + parent + ": " + String.join(", ", known.getConfig(parent).root().keySet());
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
        case NULL -> { }
      }
    } catch (ConfigException.WrongType e) {
      problem = existing.valueType().name().toLowerCase();
    }
    if (problem != null) {
      throw new IllegalArgumentException("--set " + key + ": bad value " + parsed.getValue(key).render()
          + ", expected " + problem + " like the default " + existing.render());
    }
  }
}
