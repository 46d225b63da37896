package io.coopdistill.simulation.scenario;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.partition.Partition;
import io.coopdistill.learners.data.partition.PartitionOptions;
import io.coopdistill.learners.data.partition.Undersample;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The agents of a scenario whose data is drawn from one pool (generated blobs, FashionMNIST):
 * either {@code scenario.agents} copies of {@code scenario.learner} or the explicit list {@code
 * scenario.learners}, their rows split from the pool by {@code scenario.partition}: by default
 * {@link Undersample}, agent k undersampled in class k mod classes (the paper's semi-experts), or
 * in the class its {@code learners} entry names.
 *
 * @param specs one per agent, in order
 * @param partition how the pool's rows go to the agents
 * @param splitRows for a partition other than undersample, how many rows of the shuffled pool it
 *     splits (agents x rows-per-agent); 0 = the whole pool
 */
record Agents(List<Spec> specs, Partition partition, int splitRows) {

  /**
   * One agent.
   *
   * @param rows rows drawn from the pool before undersampling; 0 = the whole pool
   * @param undersampledClass the class it sees little of, or -1
   */
  record Spec(String name, Learner learner, int rows, int undersampledClass) {}

  static Agents fromConfig(Config scenario, Config root, int classes) {
    double fraction = scenario.getDouble("undersample-fraction");
    int defaultRows = scenario.getInt("rows-per-agent");
    if (defaultRows < 0)
      throw new IllegalArgumentException(
          "scenario.rows-per-agent must be ≥ 0 (0 = the whole pool), got " + defaultRows);
    PartitionOptions partition = PartitionOptions.fromConfig(scenario.getConfig("partition"));
    boolean undersample = partition.type() == PartitionOptions.Type.UNDERSAMPLE;
    List<Spec> specs = new ArrayList<>();
    if (scenario.hasPath("learners")) {
      for (Config c : scenario.getConfigList("learners")) {
        if (!undersample && (c.hasPath("rows") || c.hasPath("undersampled-class"))) {
          throw new IllegalArgumentException(
              "scenario.learners entry "
                  + c.getString("name")
                  + " sets rows or undersampled-class, which only "
                  + PartitionOptions.PATH
                  + ".type = undersample reads; with "
                  + PartitionOptions.PATH
                  + ".type = "
                  + ConfigEnums.name(partition.type())
                  + " every agent's share comes from the partition "
                  + "of agents x rows-per-agent rows");
        }
        int rows = c.hasPath("rows") ? c.getInt("rows") : defaultRows;
        int undersampled = c.hasPath("undersampled-class") ? c.getInt("undersampled-class") : -1;
        if (rows < 0 || undersampled >= classes) {
          throw new IllegalArgumentException(
              "scenario.learners entry "
                  + c.getString("name")
                  + ": rows must be ≥ 0 and "
                  + "undersampled-class in [-1, "
                  + classes
                  + ")");
        }
        specs.add(new Spec(c.getString("name"), learner(c, root), rows, undersampled));
      }
      if (undersample && fraction > 0 && specs.stream().allMatch(s -> s.undersampledClass() < 0)) {
        throw new IllegalArgumentException(
            "scenario.undersample-fraction = "
                + fraction
                + " thins no class: no entry of scenario.learners "
                + "names an undersampled-class (set one, or set undersample-fraction = 0)");
      }
    } else {
      int agents = scenario.getInt("agents");
      if (agents < 2)
        throw new IllegalArgumentException("scenario.agents must be ≥ 2, got " + agents);
      Learner learner = learner(scenario.getConfig("learner"), root);
      for (int k = 0; k < agents; k++)
        specs.add(new Spec("agent-" + k, learner, defaultRows, k % classes));
    }
    Partition split =
        undersample
            ? new Undersample(
                specs.stream()
                    .map(s -> new Undersample.Share(s.rows(), s.undersampledClass()))
                    .toList(),
                fraction)
            : partition.among(specs.size());
    return new Agents(specs, split, defaultRows * specs.size());
  }

  /**
   * A learner from its spec; the scenario-only keys (name, rows, undersampled-class) are not the
   * learner's.
   */
  static Learner learner(Config spec, Config root) {
    return Learners.create(
        spec.withoutPath("name").withoutPath("rows").withoutPath("undersampled-class"), root);
  }

  List<String> names() {
    return specs.stream().map(Spec::name).toList();
  }

  /**
   * Each agent's data. Undersample draws from the whole pool; another partition splits the first
   * {@link #splitRows} rows of the pool shuffled with the seed.
   */
  List<Site> sites(Dataset pool, long seed) {
    Dataset rows = pool;
    long partitionSeed = seed;
    if (partition instanceof Undersample) {
      for (Spec spec : specs) {
        if (spec.rows() > pool.size())
          throw new IllegalArgumentException(
              spec.name() + " wants " + spec.rows() + " rows; the pool has " + pool.size());
      }
    } else {
      int wanted = splitRows == 0 ? pool.size() : splitRows;
      if (wanted > pool.size()) {
        throw new IllegalArgumentException(
            specs.size()
                + " agents of scenario.rows-per-agent = "
                + splitRows / specs.size()
                + " rows need "
                + wanted
                + " rows, but the pool has "
                + pool.size()
                + "; lower rows-per-agent, or set it to 0 to split the whole pool");
      }
      SplittableRandom random = new SplittableRandom(seed);
      rows =
          pool.subset(
              pool.name(),
              Arrays.copyOf(Dataset.permutation(pool.size(), random.nextLong()), wanted));
      partitionSeed = random.nextLong();
    }
    int[][] parts = partition.assign(rows.labels(), rows.numClasses(), partitionSeed);
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      sites.add(new Site(spec.name(), spec.learner(), rows.subset(spec.name(), parts[i])));
    }
    return sites;
  }
}
