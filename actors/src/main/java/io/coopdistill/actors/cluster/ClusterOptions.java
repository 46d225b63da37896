package io.coopdistill.actors.cluster;

import io.coopdistill.learners.ConfigEnums;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.coopdistill.actors.Supervisor;
import java.time.Duration;

/**
 * How runs use the cluster; documented defaults in {@code conf/cluster.conf} under {@value #PATH}.
 *
 * @param systemName          every node's actor system name
 * @param host                the address every node binds to
 * @param registrationTimeout how long the coordinator waits for all sites to be registered
 * @param onLearnerLoss       what a run does when a learner node leaves or dies
 */
public record ClusterOptions(String systemName, String host, Duration registrationTimeout, Supervisor.OnLearnerLoss onLearnerLoss) {

  public static final String PATH = "coopdistill.cluster";

  public ClusterOptions {
    if (systemName == null || !systemName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException(PATH + ".system-name must be letters, digits, '-' or '_', got " + systemName);
    }
    if (host == null || host.isBlank()) throw new IllegalArgumentException(PATH + ".host must be set");
    if (registrationTimeout == null || registrationTimeout.isNegative() || registrationTimeout.isZero()) {
      throw new IllegalArgumentException(PATH + ".registration-timeout must be positive, got " + registrationTimeout);
    }
    if (onLearnerLoss == null) throw new IllegalArgumentException(PATH + ".on-learner-loss must be fail or continue");
  }

  public static ClusterOptions fromConfig(Config root) {
    try {
      Config c = root.getConfig(PATH);
      return new ClusterOptions(c.getString("system-name"), c.getString("host"), c.getDuration("registration-timeout"),
          ConfigEnums.parse(Supervisor.OnLearnerLoss.class, c.getString("on-learner-loss"), PATH + ".on-learner-loss"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad cluster configuration: " + e.getMessage(), e);
    }
  }
}
