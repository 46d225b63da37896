package io.coopdistill.simulation.bench;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A series of the scaling study ({@code coopdistill.scaling.series.NAME}, documented in {@code
 * conf/scaling.conf}): one scenario with the same {@code --set}s at several numbers of agents.
 *
 * @param cores the CPUs of every point whose k is in {@code agents}: the points the charts fit
 * @param nodes the node processes of those points
 * @param varyAt the k that also run on each of {@code varyCores} and each of {@code varyNodes}
 */
record ScalingSeries(
    String name,
    String scenario,
    List<String> sets,
    List<Integer> agents,
    int cores,
    int nodes,
    List<Integer> varyAt,
    List<Integer> varyCores,
    List<Integer> varyNodes,
    List<String> javaOptions) {
  ScalingSeries {
    String key = ScalingStudy.PATH + ".series." + name;
    if (agents.isEmpty())
      throw new IllegalArgumentException(key + ".agents must list at least one k");
    atLeast(key + ".agents", 2, agents);
    atLeast(key + ".cores", 1, List.of(cores));
    atLeast(key + ".nodes", 1, List.of(nodes));
    atLeast(key + ".vary-cores", 1, varyCores);
    atLeast(key + ".vary-nodes", 1, varyNodes);
    sets = List.copyOf(sets);
    agents = List.copyOf(agents);
    varyAt = List.copyOf(varyAt);
    varyCores = List.copyOf(varyCores);
    varyNodes = List.copyOf(varyNodes);
    javaOptions = List.copyOf(javaOptions);
    for (int k : varyAt)
      if (!agents.contains(k))
        throw new IllegalArgumentException(
            key + ".vary-at holds " + k + ", which is not one of its agents " + agents);
  }

  private static void atLeast(String key, int least, List<Integer> values) {
    for (int v : values)
      if (v < least)
        throw new IllegalArgumentException(key + " must be at least " + least + ", got " + v);
  }

  /** Reads series {@code name} of {@code root}'s {@value ScalingStudy#PATH}.series. */
  static ScalingSeries from(String name, Config root) {
    return ConfigSections.read(
        root,
        ScalingStudy.PATH + ".series." + name,
        c ->
            new ScalingSeries(
                name,
                c.getString("scenario"),
                c.getStringList("sets"),
                c.getIntList("agents"),
                c.getInt("cores"),
                c.getInt("nodes"),
                c.getIntList("vary-at"),
                c.getIntList("vary-cores"),
                c.getIntList("vary-nodes"),
                c.getStringList("java-options")));
  }

  /** The series' points: each k at (cores, nodes), then the varied ones, without repeats. */
  List<ScalingPoint> points() {
    return points(name, agents, cores, nodes, varyAt, varyCores, varyNodes);
  }

  private static List<ScalingPoint> points(
      String name,
      List<Integer> agents,
      int cores,
      int nodes,
      List<Integer> varyAt,
      List<Integer> varyCores,
      List<Integer> varyNodes) {
    Set<ScalingPoint> points = new LinkedHashSet<>();
    for (int k : agents) {
      points.add(new ScalingPoint(name, k, cores, nodes));
      if (!varyAt.contains(k)) continue;
      for (int c : varyCores) points.add(new ScalingPoint(name, k, c, nodes));
      for (int n : varyNodes) points.add(new ScalingPoint(name, k, cores, n));
    }
    return new ArrayList<>(points);
  }

  /** Whether the charts fit this point: the series' own cores and nodes. */
  boolean fitted(ScalingPoint point) {
    return point.cores() == cores && point.nodes() == nodes;
  }
}
