package io.coopdistill.learners.data.partition;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scenario's {@code partition} section, resolved (conf/partition.conf documents every key): which
 * partition splits the rows among the sites, with every parameter, each checked whether or not the
 * type reads it.
 *
 * @param alpha {@link Dirichlet}'s concentration
 * @param minRows the fewest rows a site may get ({@link Dirichlet}, {@link QuantitySkew})
 * @param selfBalancing {@link Dirichlet}'s self-balancing
 * @param maxTries how often {@link Dirichlet} draws again before it gives up
 * @param classesPerSite {@link Shards}' classes per site
 * @param sigma {@link QuantitySkew}'s spread of the log sizes
 */
public record PartitionOptions(
    Type type,
    double alpha,
    int minRows,
    boolean selfBalancing,
    int maxTries,
    int classesPerSite,
    double sigma) {
  /** Where the section is in a scenario's configuration. */
  public static final String PATH = "scenario.partition";

  static final Set<String> KEYS =
      Set.of(
          "type", "alpha", "min-rows", "self-balancing", "max-tries", "classes-per-site", "sigma");

  /**
   * The partitions, by their configuration names (undersample, iid, dirichlet, shards,
   * quantity-skew).
   */
  public enum Type {
    UNDERSAMPLE,
    IID,
    DIRICHLET,
    SHARDS,
    QUANTITY_SKEW
  }

  public PartitionOptions {
    require(type != null, PATH + ".type", "set", null);
    // Each partition checks its own parameters: build each once.
    new Dirichlet(1, alpha, minRows, selfBalancing, maxTries);
    new Shards(1, classesPerSite);
    new QuantitySkew(1, sigma, minRows);
  }

  /**
   * @param partition a scenario's {@code partition} section, every key set
   * @throws IllegalArgumentException naming the key that is unknown, missing or bad
   */
  public static PartitionOptions fromConfig(Config partition) {
    for (String key : partition.root().keySet()) {
      if (!KEYS.contains(key))
        throw new IllegalArgumentException(
            PATH + "." + key + ": unknown key; the keys are " + new TreeSet<>(KEYS));
    }
    return ConfigSections.read(
        PATH,
        () ->
            new PartitionOptions(
                ConfigEnums.parse(Type.class, partition.getString("type"), PATH + ".type"),
                partition.getDouble("alpha"),
                partition.getInt("min-rows"),
                partition.getBoolean("self-balancing"),
                partition.getInt("max-tries"),
                partition.getInt("classes-per-site"),
                partition.getDouble("sigma")));
  }

  /**
   * The partition among {@code sites} sites.
   *
   * @throws IllegalArgumentException for {@link Type#UNDERSAMPLE}, which needs each site's draw
   *     ({@link Undersample})
   */
  public Partition among(int sites) {
    return switch (type) {
      case UNDERSAMPLE ->
          throw new IllegalArgumentException(
              PATH
                  + ".type = undersample (agent k missing most of class k) splits the "
                  + "generated or FashionMNIST pool of scenario.agents; here, use iid, dirichlet, shards or quantity-skew");
      case IID -> new Iid(sites);
      case DIRICHLET -> new Dirichlet(sites, alpha, minRows, selfBalancing, maxTries);
      case SHARDS -> new Shards(sites, classesPerSite);
      case QUANTITY_SKEW -> new QuantitySkew(sites, sigma, minRows);
    };
  }
}
