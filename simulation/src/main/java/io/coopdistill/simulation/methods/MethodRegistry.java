package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.expertise.Focus;
import io.coopdistill.learners.distill.round.DistillationOptions.Transfer;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Every method a scenario can list, by name (the rows of the paper's Table 1). */
public final class MethodRegistry {

  private static final Map<String, Function<Config, Method>> FACTORIES = new LinkedHashMap<>();

  static {
    FACTORIES.put("baseline", c -> new BaselineMethod());
    // cooperative and cooperative-no-set-cover differ only in their curriculum: when a run has
    // both,
    // its trials search the counterfactuals once and the students study them both ways (TrialRun).
    FACTORIES.put(
        "cooperative", c -> new EngineMethod("cooperative", o -> o.withSetCover(true), c));
    FACTORIES.put(
        "cooperative-no-set-cover",
        c -> new EngineMethod("cooperative-no-set-cover", o -> o.withSetCover(false), c));
    // The paper's unguarded search, beside cooperative under the configured (default: anchor-mean)
    // guard.
    FACTORIES.put(
        "cooperative-unguarded",
        c ->
            new EngineMethod(
                "cooperative-unguarded",
                o -> o.withSetCover(true),
                p -> p.with(PrivacyOptions.Guard.NONE),
                c));
    FACTORIES.put(
        "unfocused", c -> new EngineMethod("unfocused", o -> o.withFocus(Focus.ALL_CORRECT), c));
    FACTORIES.put(
        "raw-sharing",
        c -> new EngineMethod("raw-sharing", o -> o.withTransfer(Transfer.RAW_ROWS), c));
    FACTORIES.put("pooled", c -> new PooledMethod());
    FACTORIES.put(
        "knowledge-distillation",
        c -> new KnowledgeDistillation(KnowledgeDistillation.Options.fromConfig(c)));
    FACTORIES.put("mixup", c -> new Mixup(Mixup.Options.fromConfig(c)));
    FACTORIES.put("parameter-transfer", c -> new ParameterTransfer());
  }

  private MethodRegistry() {}

  public static Set<String> names() {
    return Collections.unmodifiableSet(FACTORIES.keySet());
  }

  /**
   * @throws IllegalArgumentException naming the known methods, for an unknown name
   */
  public static Method create(String name, Config root) {
    Function<Config, Method> factory = FACTORIES.get(name);
    if (factory == null)
      throw new IllegalArgumentException(
          "unknown method '"
              + name
              + "' in scenario.methods; methods: "
              + String.join(", ", names()));
    return factory.apply(root);
  }
}
