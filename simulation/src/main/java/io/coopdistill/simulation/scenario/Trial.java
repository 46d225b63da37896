package io.coopdistill.simulation.scenario;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureDecoder;
import io.coopdistill.learners.distill.round.Site;
import java.util.List;
import java.util.Objects;

/**
 * One seeded instance of a scenario: the learners with their private data, all in one feature
 * space, and the test set every method is evaluated on. Methods compared on a trial see exactly the
 * same data. Models trained on it may be kept in {@code models}, so that a resumed run restores
 * those a killed one had finished.
 */
public record Trial(
    String scenario,
    long seed,
    List<Site> sites,
    Dataset test,
    FeatureDecoder decoder,
    ModelCheckpoints models) {
  public Trial {
    sites = List.copyOf(sites);
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(models, "models");
  }

  /**
   * A trial whose models are not kept.
   *
   * @param decoder reads the encoded rows back in the data's own columns and units
   *     (virtual-instances.csv.gz)
   */
  public Trial(String scenario, long seed, List<Site> sites, Dataset test, FeatureDecoder decoder) {
    this(scenario, seed, sites, test, decoder, ModelCheckpoints.NONE);
  }

  /**
   * A trial of data whose encoded features are its own (generated in the unit cube), models not
   * kept.
   */
  public Trial(String scenario, long seed, List<Site> sites, Dataset test) {
    this(scenario, seed, sites, test, FeatureDecoder.of(test.schema()));
  }

  /** This trial with its trained models kept in {@code kept}. */
  public Trial withModels(ModelCheckpoints kept) {
    return new Trial(scenario, seed, sites, test, decoder, kept);
  }

  /**
   * The sites with learners that keep what they train in {@link #models()}: for training that only
   * needs the plain {@link io.coopdistill.learners.model.Learner} (baselines, rounds).
   */
  public List<Site> checkpointedSites() {
    return sites.stream().map(p -> p.with(models.of(p.name(), p.learner()))).toList();
  }
}
