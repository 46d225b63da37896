package io.coopdistill.actors;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.coopdistill.learners.distill.round.RoundPhase;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How the actor runtime retries and waits; documented defaults in {@code conf/actors.conf} under
 * {@value #PATH}.
 *
 * @param retries    how many times a failed step is re-sent to a learner before the round fails
 * @param timeouts   how long the supervisor waits for every answer of each phase
 * @param runTimeout how long the blocking facade waits for a whole run
 */
public record RuntimeOptions(int retries, Map<RoundPhase, Duration> timeouts, Duration runTimeout) {

  public static final String PATH = "coopdistill.actors";
  public static final String COUNTERFACTUAL_DISPATCHER = "coopdistill.dispatchers.counterfactual";
  public static final String GPU_DISPATCHER = "coopdistill.dispatchers.gpu";
  public static final String TRAINING_DISPATCHER = "coopdistill.dispatchers.training";

  public RuntimeOptions {
    require(retries >= 0, PATH + ".retries", "≥ 0", retries);
    timeouts = new EnumMap<>(timeouts);
    for (RoundPhase phase : RoundPhase.values()) {
      Duration d = timeouts.get(phase);
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(PATH + ".timeouts: phase " + phase + " needs a positive timeout, got " + d);
      }
    }
    if (runTimeout == null || runTimeout.isNegative() || runTimeout.isZero()) {
      throw new IllegalArgumentException(PATH + ".timeouts.run must be positive, got " + runTimeout);
    }
  }

  /** The timeout of {@code phase}. */
  public Duration timeout(RoundPhase phase) { return timeouts.get(phase); }

  public static RuntimeOptions fromConfig(Config root) {
    try {
      Config c = root.getConfig(PATH);
      Config t = c.getConfig("timeouts");
      Map<RoundPhase, Duration> timeouts = new EnumMap<>(RoundPhase.class);
      timeouts.put(RoundPhase.BASELINE_TRAINING, t.getDuration("training"));
      timeouts.put(RoundPhase.RETRAINING, t.getDuration("training"));
      timeouts.put(RoundPhase.DEFICIENCY_IDENTIFICATION, t.getDuration("identification"));
      timeouts.put(RoundPhase.COUNTERFACTUALS, t.getDuration("counterfactuals"));
      timeouts.put(RoundPhase.SET_COVER, t.getDuration("set-cover"));
      timeouts.put(RoundPhase.EVALUATION, t.getDuration("evaluation"));
      return new RuntimeOptions(c.getInt("retries"), timeouts, t.getDuration("run"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad actor runtime configuration: " + e.getMessage(), e);
    }
  }
}
