package io.coopdistill.learners.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.coopdistill.learners.ConfigSections;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Builds any learner from configuration, whichever {@link LearnerProvider} knows its type. */
public final class Learners {
  private Learners() {}

  /**
   * The configuration path under which each type's defaults live, e.g. {@code
   * coopdistill.learners.cart}.
   */
  public static final String DEFAULTS_PATH = "coopdistill.learners";

  /**
   * The key of a learner's hyper-parameter grid, searched on validation data by the learners that
   * support one.
   */
  public static final String GRID = "grid";

  /**
   * A learner described by {@code spec}: its {@code type} key picks the algorithm, the other keys
   * override that type's defaults at {@code coopdistill.learners.<type>} in {@code root}. A key the
   * spec sets is the spec's choice: the defaults' hyper-parameter {@code grid} does not search it.
   */
  public static Learner create(Config spec, Config root) {
    if (!spec.hasPath("type"))
      throw new IllegalArgumentException("a learner needs a 'type' (one of " + knownTypes() + ")");
    String type = ConfigSections.read("learner", () -> spec.getString("type"));
    String defaultsPath = DEFAULTS_PATH + "." + type;
    Config defaults =
        root.hasPath(defaultsPath) ? root.getConfig(defaultsPath) : ConfigFactory.empty();
    for (String key : spec.root().keySet())
      defaults = defaults.withoutPath(ConfigUtil.joinPath(GRID, key));
    Config options = spec.withFallback(defaults);
    for (LearnerProvider provider : ServiceLoader.load(LearnerProvider.class)) {
      if (provider.types().contains(type)) return provider.create(type, options);
    }
    throw new IllegalArgumentException(
        "unknown learner type '"
            + type
            + "'; known types: "
            + knownTypes()
            + " (a learner of your own: put its jar on the classpath, with ./coopdistill in COOPDISTILL_CLASSPATH; see README, \"Your own learner\")");
  }

  public static TreeSet<String> knownTypes() {
    TreeSet<String> types = new TreeSet<>();
    ServiceLoader.load(LearnerProvider.class).forEach(p -> types.addAll(p.types()));
    return types;
  }
}
