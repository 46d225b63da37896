package io.coopdistill.simulation.scenario;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The agents of a scenario whose data is drawn from one pool (generated blobs, FashionMNIST): either
 * {@code scenario.agents} copies of {@code scenario.learner}, agent k undersampled in class k mod
 * classes (the paper's semi-experts), or the explicit list {@code scenario.learners}.
 *
 * @param specs one per agent, in order
 * @param undersampleFraction the fraction of an agent's undersampled class that it loses
 */
record Agents(List<Spec> specs, double undersampleFraction) {

  /**
   * One agent.
   *
   * @param rows rows drawn from the pool before undersampling; 0 = the whole pool
   * @param undersampledClass the class it sees little of, or -1
   */
  record Spec(String name, Learner learner, int rows, int undersampledClass) {}

  static Agents fromConfig(Config scenario, Config root, int classes) {
    double fraction = scenario.getDouble("undersample-fraction");
    if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("scenario.undersample-fraction must be in [0, 1], got " + fraction);
    int defaultRows = scenario.getInt("rows-per-agent");
    if (defaultRows < 0) throw new IllegalArgumentException("scenario.rows-per-agent must be ≥ 0 (0 = the whole pool), got " + defaultRows);
    List<Spec> specs = new ArrayList<>();
    if (scenario.hasPath("learners")) {
      for (Config c : scenario.getConfigList("learners")) {
        int rows = c.hasPath("rows") ? c.getInt("rows") : defaultRows;
        int undersampled = c.hasPath("undersampled-class") ? c.getInt("undersampled-class") : -1;
        if (rows < 0 || undersampled >= classes) {
          throw new IllegalArgumentException("scenario.learners entry " + c.getString("name") + ": rows must be ≥ 0 and "
              + "undersampled-class in [-1, " + classes + ")");
        }
        specs.add(new Spec(c.getString("name"), learner(c, root), rows, undersampled));
      }
      if (fraction > 0 && specs.stream().allMatch(s -> s.undersampledClass() < 0)) {
        throw new IllegalArgumentException("scenario.undersample-fraction = " + fraction + " thins no class: no entry of scenario.learners "
            + "names an undersampled-class (set one, or set undersample-fraction = 0)");
      }
    } else {
      int agents = scenario.getInt("agents");
      if (agents < 2) throw new IllegalArgumentException("scenario.agents must be ≥ 2, got " + agents);
      Learner learner = learner(scenario.getConfig("learner"), root);
      for (int k = 0; k < agents; k++) specs.add(new Spec("agent-" + k, learner, defaultRows, k % classes));
    }
    return new Agents(specs, fraction);
  }

  /** A learner from its spec; the scenario-only keys (name, rows, undersampled-class) are not the learner's. */
  static Learner learner(Config spec, Config root) {
    return Learners.create(spec.withoutPath("name").withoutPath("rows").withoutPath("undersampled-class"), root);
  }

  List<String> names() {
    return specs.stream().map(Spec::name).toList();
  }

  /**
   * Each agent's data: its rows drawn from the pool, shuffled with the seed, without overlap between
   * agents while the pool lasts (an agent of rows = 0 gets all of it), then its undersampled class thinned.
   */
  List<Site> sites(Dataset pool, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Dataset shuffled = pool.shuffled(random.nextLong());
    List<Site> sites = new ArrayList<>();
    int next = 0;
    for (Spec spec : specs) {
      int rows = spec.rows() == 0 ? pool.size() : spec.rows();
      if (rows > pool.size()) throw new IllegalArgumentException(spec.name() + " wants " + rows + " rows; the pool has " + pool.size());
      if (spec.rows() == 0 || next + rows > pool.size()) next = 0;
      List<Integer> kept = new ArrayList<>();
      for (int n = next; n < next + rows; n++) {
        if (shuffled.label(n) == spec.undersampledClass() && random.nextDouble() < undersampleFraction) continue;
        kept.add(n);
      }
      next += rows;
      Dataset data = shuffled.subset(spec.name(), kept.stream().mapToInt(Integer::intValue).toArray());
      sites.add(new Site(spec.name(), spec.learner(), data));
    }
    return sites;
  }
}
