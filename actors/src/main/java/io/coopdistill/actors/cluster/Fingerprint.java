package io.coopdistill.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.coopdistill.actors.serialization.CborSerializable;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.Site;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a node's part of a run depends on, which the coordinator and every learner node must share
 * before any work starts (else a node silently computes another experiment): the effective
 * configuration of the method and the scenario, the trial's seed, and a SHA-256 of each site's data
 * and of the test set as loaded (so a changed file, another preparation or another seed all show).
 * Node-local settings (addresses, ports, keys, threads, memory, where files lie, what only the
 * coordinator runs) are left out, see {@link #NODE_LOCAL}.
 *
 * @param config configuration path → value as HOCON, plus {@code seed}
 * @param data "site NAME" or "test set" → SHA-256 (hex) of its rows and labels
 */
public record Fingerprint(SortedMap<String, String> config, SortedMap<String, String> data)
    implements CborSerializable {

  /** Subtrees of the configuration that may differ between nodes of one run. */
  static final List<String> NODE_LOCAL =
      List.of(
          "coopdistill.root",
          "coopdistill.cluster",
          "coopdistill.dispatchers",
          "coopdistill.nd4j",
          "coopdistill.simulation",
          "coopdistill.competitors",
          "scenario.seeds",
          "scenario.first-seed",
          "scenario.methods");

  private static final String TEST = "test set";

  public Fingerprint {
    config = Collections.unmodifiableSortedMap(new TreeMap<>(config));
    data = Collections.unmodifiableSortedMap(new TreeMap<>(data));
  }

  /**
   * The fingerprint of a node that runs trial {@code seed} with configuration {@code root}, holding
   * the data of {@code sites} (a coordinator: of every site) and the test set {@code test} (or
   * null).
   */
  public static Fingerprint of(Config root, long seed, List<Site> sites, Dataset test) {
    SortedMap<String, String> config = new TreeMap<>();
    for (String section : List.of("coopdistill", "scenario")) {
      if (!root.hasPath(section)) continue;
      for (Map.Entry<String, ConfigValue> e : root.getConfig(section).entrySet()) {
        String key = section + "." + e.getKey();
        if (!nodeLocal(key)) config.put(key, e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    config.put("seed", String.valueOf(seed));
    SortedMap<String, String> data = new TreeMap<>();
    for (Site site : sites) data.put("site " + site.name(), sha256(site.data(), site.validation()));
    if (test != null) data.put(TEST, sha256(test));
    return new Fingerprint(config, data);
  }

  private static boolean nodeLocal(String key) {
    for (String prefix : NODE_LOCAL)
      if (key.equals(prefix) || key.startsWith(prefix + ".")) return true;
    // Where data files lie is each machine's business; their content is compared as data.
    return key.startsWith("coopdistill.data.") && key.matches(".*[.-](dir|file)");
  }

  private static String sha256(Dataset... sets) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Dataset d : sets) {
        if (d == null) continue;
        sha.update(
            (d.classNames() + "\n" + d.numFeatures() + "\n" + d.size() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        d.digest(sha);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * How {@code node}'s fingerprint differs from this one (the coordinator's), one line per key:
   * every configuration key, and the data both hold (a learner node holds only its sites' data).
   */
  public List<String> differences(Fingerprint node) {
    List<String> out = new ArrayList<>();
    TreeMap<String, String> keys = new TreeMap<>(config);
    node.config.forEach(keys::putIfAbsent);
    for (String key : keys.keySet()) {
      String here = config.get(key);
      String there = node.config.get(key);
      if (here == null || !here.equals(there)) {
        out.add(
            key
                + " = "
                + (here == null ? "(unset)" : here)
                + " at the coordinator, "
                + (there == null ? "(unset)" : there)
                + " at the node");
      }
    }
    for (Map.Entry<String, String> e : data.entrySet()) {
      String there = node.data.get(e.getKey());
      if (there != null && !there.equals(e.getValue())) {
        out.add(
            "data of "
                + e.getKey()
                + ": SHA-256 "
                + e.getValue().substring(0, 12)
                + "… at the coordinator, "
                + there.substring(0, 12)
                + "… at the node");
      }
    }
    return out;
  }
}
