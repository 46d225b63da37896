package io.coopdistill.actors;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.distill.round.RoundPhase;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How the actor runtime retries and waits; documented defaults in {@code conf/actors.conf} under
 * {@value #PATH}.
 *
 * @param retries how many times a failed step is re-sent to a learner before the round fails
 * @param timeouts how long a learner (or a site's teacher) may go unheard of in each phase, neither
 *     answering nor saying it is still at work, before the round fails naming it
 * @param heartbeat how often a learner at work on a step, or a site whose teachers search, says so;
 *     shorter than every timeout
 * @param runTimeout how long the blocking facade waits for a whole run
 */
public record RuntimeOptions(
    int retries, Map<RoundPhase, Duration> timeouts, Duration heartbeat, Duration runTimeout) {

  public static final String PATH = "coopdistill.actors";

  public RuntimeOptions {
    require(retries >= 0, PATH + ".retries", "≥ 0", retries);
    timeouts = new EnumMap<>(timeouts);
    for (RoundPhase phase : RoundPhase.values()) {
      Duration d = timeouts.get(phase);
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(timeoutKey(phase) + " must be positive, got " + d);
      }
    }
    if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException(PATH + ".heartbeat must be positive, got " + heartbeat);
    }
    for (RoundPhase phase : RoundPhase.values()) {
      if (heartbeat.compareTo(timeouts.get(phase)) >= 0) {
        throw new IllegalArgumentException(
            PATH
                + ".heartbeat ("
                + heartbeat
                + ") must be shorter than every timeout, or a learner at work"
                + " would time out; "
                + timeoutKey(phase)
                + " is "
                + timeouts.get(phase));
      }
    }
    if (runTimeout == null || runTimeout.isNegative() || runTimeout.isZero()) {
      throw new IllegalArgumentException(
          PATH + ".timeouts.run must be positive, got " + runTimeout);
    }
  }

  /** The key of {@code phase}'s timeout (the two trainings share one). */
  static String timeoutKey(RoundPhase phase) {
    return PATH
        + ".timeouts."
        + switch (phase) {
          case BASELINE_TRAINING, RETRAINING -> "training";
          case DEFICIENCY_IDENTIFICATION -> "identification";
          case COUNTERFACTUALS -> "counterfactuals";
          case SET_COVER -> "set-cover";
          case EVALUATION -> "evaluation";
        };
  }

  /** The timeout of {@code phase}. */
  public Duration timeout(RoundPhase phase) {
    return timeouts.get(phase);
  }

  public static RuntimeOptions fromConfig(Config root) {
    return ConfigSections.read(
        root,
        PATH,
        c -> {
          Map<RoundPhase, Duration> timeouts = new EnumMap<>(RoundPhase.class);
          for (RoundPhase phase : RoundPhase.values())
            timeouts.put(phase, root.getDuration(timeoutKey(phase)));
          return new RuntimeOptions(
              c.getInt("retries"),
              timeouts,
              c.getDuration("heartbeat"),
              c.getDuration("timeouts.run"));
        });
  }
}
