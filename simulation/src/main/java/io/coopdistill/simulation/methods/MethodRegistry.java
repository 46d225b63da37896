package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.DistillationOptions.Focus;
import io.coopdistill.learners.distill.DistillationOptions.Transfer;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Every method a scenario can list, by name (the rows of the paper's Table 1). */
public final class MethodRegistry {

  /**
   * What a method is built with.
   *
   * @param root            the run's effective configuration
   * @param baselines       the baselines found so far in this run, shared by all methods
   * @param methods         the names of the methods the run has
   * @param withoutSetCover variants without set cover that cooperative rounds studied alongside
   */
  public record Context(Config root, TrialBaselines baselines, List<String> methods, EngineMethod.Variants withoutSetCover) {

    public Context(Config root, TrialBaselines baselines, List<String> methods) {
      this(root, baselines, List.copyOf(methods), new EngineMethod.Variants());
    }
  }

  private static final Map<String, Function<Context, Method>> FACTORIES = new LinkedHashMap<>();

  static {
    FACTORIES.put("baseline", c -> new BaselineMethod(c.baselines()));
    // When a run has both, the cooperative round also studies its lessons without set cover, and
    // cooperative-no-set-cover takes that result instead of searching the same counterfactuals again.
    FACTORIES.put("cooperative", c -> new EngineMethod("cooperative", o -> o.withSetCover(true), c,
        c.methods().contains("cooperative-no-set-cover") ? EngineMethod.Sharing.PROVIDES_WITHOUT_SET_COVER : EngineMethod.Sharing.NONE));
    FACTORIES.put("cooperative-no-set-cover", c -> new EngineMethod("cooperative-no-set-cover", o -> o.withSetCover(false), c,
        EngineMethod.Sharing.REUSES_WITHOUT_SET_COVER));
    // The paper's unguarded search, beside cooperative under the configured (default: k-anonymous) guard.
    FACTORIES.put("cooperative-unguarded", c -> new EngineMethod("cooperative-unguarded", o -> o.withSetCover(true), PrivacyOptions.Guard.NONE,
        c, EngineMethod.Sharing.NONE));
    FACTORIES.put("unfocused", c -> new EngineMethod("unfocused", o -> o.withFocus(Focus.ALL_CORRECT), c, EngineMethod.Sharing.NONE));
    FACTORIES.put("raw-sharing", c -> new EngineMethod("raw-sharing", o -> o.withTransfer(Transfer.RAW_ROWS), c, EngineMethod.Sharing.NONE));
    FACTORIES.put("pooled", c -> new PooledMethod());
    FACTORIES.put("knowledge-distillation", c -> new KnowledgeDistillation(KnowledgeDistillation.Options.fromConfig(c.root()), c.baselines()));
    FACTORIES.put("mixup", c -> new Mixup(Mixup.Options.fromConfig(c.root())));
    FACTORIES.put("parameter-transfer", c -> new ParameterTransfer(c.baselines()));
  }

  private MethodRegistry() {}

  public static Set<String> names() {
    return Collections.unmodifiableSet(FACTORIES.keySet());
  }

  /** @throws IllegalArgumentException naming the known methods, for an unknown name */
  public static Method create(String name, Context context) {
    Function<Context, Method> factory = FACTORIES.get(name);
    if (factory == null) throw new IllegalArgumentException("unknown method '" + name + "' in scenario.methods; methods: " + String.join(", ", names()));
    return factory.apply(context);
  }

}
