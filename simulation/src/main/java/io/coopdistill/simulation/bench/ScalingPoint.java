package io.coopdistill.simulation.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point of the scaling study: a series' scenario run with {@code agents} agents on {@code cores}
 * CPUs and {@code nodes} learner-node processes (1: one JVM, no cluster). Its id, {@code
 * SERIES-kK-cC-nN}, names its directory.
 */
record ScalingPoint(String series, int agents, int cores, int nodes) {
  private static final Pattern ID =
      Pattern.compile("([a-z0-9][a-z0-9-]*?)-k(\\d+)-c(\\d+)-n(\\d+)");

  ScalingPoint {
    if (!series.matches("[a-z0-9][a-z0-9-]*"))
      throw new IllegalArgumentException(
          "scaling series name '" + series + "' must be lower-case letters, digits and '-'");
    if (agents < 2)
      throw new IllegalArgumentException(
          id(series, agents, cores, nodes) + ": k must be at least 2");
    if (cores < 1)
      throw new IllegalArgumentException(
          id(series, agents, cores, nodes) + ": cores must be at least 1");
    if (nodes < 1)
      throw new IllegalArgumentException(
          id(series, agents, cores, nodes) + ": nodes must be at least 1");
  }

  String id() {
    return id(series, agents, cores, nodes);
  }

  private static String id(String series, int agents, int cores, int nodes) {
    return series + "-k" + agents + "-c" + cores + "-n" + nodes;
  }

  /**
   * Reads an id such as {@code cart-k100-c2-n1}.
   *
   * @throws IllegalArgumentException naming the id when it is not SERIES-kK-cC-nN
   */
  static ScalingPoint parse(String id) {
    Matcher m = ID.matcher(id.strip());
    if (!m.matches())
      throw new IllegalArgumentException(
          "scaling point '"
              + id
              + "' is not SERIES-kK-cC-nN, e.g. cart-k100-c2-n1 (see scaling --list)");
    try {
      return new ScalingPoint(
          m.group(1),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("scaling point '" + id + "': a number out of range", e);
    }
  }
}
