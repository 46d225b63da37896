package io.coopdistill.learners.privacy;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.OptionChecks;

/**
 * How a site guards its rows and audits what it sent ({@value #PATH}, documented in {@code
 * conf/privacy.conf}).
 *
 * @param guard which guard the counterfactual search respects
 * @param k for {@link Guard#ANCHOR_MEAN}: the search starts from the mean of this many same-class
 *     private rows
 * @param kRows which k rows: the source's nearest (the source included), k drawn at random from its
 *     2k nearest, or k drawn at random from the source's class
 * @param floorSteps most pushes the distance floor makes to move a candidate r_s away from every
 *     private row before it gives up (and the candidate is not sent)
 * @param floorMargin the floor pushes a candidate to r_s·(1 + margin): a little above 0 so that
 *     float rounding and projection do not land it just inside; more moves a candidate that came
 *     within r_s of a row further from it
 * @param nonMembers most rows of the test set sampled as a site's non-members when it has no
 *     held-out rows of its own (0 = as many as the site has private rows)
 * @param dpAnchor for {@link Guard#DP_ANCHOR}: the differentially private class means' budget and
 *     noise
 * @param shadowModels shadow models the likelihood-ratio attack of the audit trains per site and
 *     round (even; 0 = no such attack)
 * @param shadowSites at most this many sites per round make the likelihood-ratio attack, drawn with
 *     the round's seed (0 = every site): its shadows would otherwise be most of a many-agent run's
 *     work
 */
public record PrivacyOptions(
    Guard guard,
    int k,
    KRows kRows,
    int floorSteps,
    double floorMargin,
    int nonMembers,
    DpAnchorOptions dpAnchor,
    int shadowModels,
    int shadowSites) {
  public static final String PATH = "coopdistill.privacy";

  /** Most shadow models the audit may train per site and round. */
  public static final int MOST_SHADOW_MODELS = 256;

  /**
   * The guards: none is the paper's search. Only dp-anchor gives a formal guarantee, and only for
   * the point each search starts from ({@link NoisyClassMeans}; see conf/privacy.conf for what it
   * does not cover); what each reveals is what the audit measures.
   */
  public enum Guard {
    NONE,
    FLOOR,
    ANCHOR_MEAN,
    DP_ANCHOR
  }

  /**
   * The guard's name before it was renamed {@code anchor-mean}: it never gave k-anonymity (an
   * instance starts from, and can disclose, the mean of k specific private rows), so the old name
   * is refused rather than kept as an alias that would go on being recorded in results.
   */
  static final String RENAMED_GUARD = "k-anonymous";

  /** The rows the anchor-mean guard averages. */
  public enum KRows {
    NEAREST,
    LOCAL,
    RANDOM
  }

  public PrivacyOptions {
    OptionChecks.require(
        guard != null, PATH + ".guard", "none, floor, anchor-mean or dp-anchor", guard);
    OptionChecks.require(k >= 1, PATH + ".k", "at least 1", k);
    OptionChecks.require(kRows != null, PATH + ".k-rows", "nearest, local or random", kRows);
    OptionChecks.require(floorSteps >= 1, PATH + ".floor-steps", "at least 1", floorSteps);
    OptionChecks.require(
        floorMargin >= 0 && floorMargin <= 10, PATH + ".floor-margin", "in [0, 10]", floorMargin);
    OptionChecks.require(nonMembers >= 0, PATH + ".non-members", "non-negative", nonMembers);
    OptionChecks.require(dpAnchor != null, DpAnchorOptions.PATH, "set", dpAnchor);
    OptionChecks.require(
        shadowModels >= 0 && shadowModels <= MOST_SHADOW_MODELS && shadowModels % 2 == 0,
        PATH + ".audit.shadow-models",
        "0 or an even number from 2 to " + MOST_SHADOW_MODELS,
        shadowModels);
    OptionChecks.require(
        shadowSites >= 0, PATH + ".audit.shadow-sites", "0 (every site) or more", shadowSites);
  }

  /**
   * The paper's search with the default audit settings, less the shadow models (for tests and tools
   * without a configuration).
   */
  public static PrivacyOptions unguarded() {
    return new PrivacyOptions(
        Guard.NONE, 5, KRows.NEAREST, 20, 1e-3, 0, DpAnchorOptions.defaults(), 0, 0);
  }

  public PrivacyOptions with(Guard newGuard) {
    return new PrivacyOptions(
        newGuard,
        k,
        kRows,
        floorSteps,
        floorMargin,
        nonMembers,
        dpAnchor,
        shadowModels,
        shadowSites);
  }

  public PrivacyOptions withDpAnchor(DpAnchorOptions newDpAnchor) {
    return new PrivacyOptions(
        guard,
        k,
        kRows,
        floorSteps,
        floorMargin,
        nonMembers,
        newDpAnchor,
        shadowModels,
        shadowSites);
  }

  /** These options with {@code count} shadow models. */
  public PrivacyOptions withShadowModels(int count) {
    return new PrivacyOptions(
        guard, k, kRows, floorSteps, floorMargin, nonMembers, dpAnchor, count, shadowSites);
  }

  /** The options at {@value #PATH} of {@code root}. */
  public static PrivacyOptions fromConfig(Config root) {
    return ConfigSections.read(
        root,
        PATH,
        c ->
            new PrivacyOptions(
                guard(c.getString("guard")),
                c.getInt("k"),
                ConfigEnums.parse(KRows.class, c.getString("k-rows"), PATH + ".k-rows"),
                c.getInt("floor-steps"),
                c.getDouble("floor-margin"),
                c.getInt("non-members"),
                DpAnchorOptions.fromConfig(c.getConfig("dp-anchor")),
                c.getInt("audit.shadow-models"),
                c.getInt("audit.shadow-sites")));
  }

  private static Guard guard(String name) {
    if (name.equals(RENAMED_GUARD)) {
      throw new IllegalArgumentException(
          PATH
              + ".guard '"
              + RENAMED_GUARD
              + "' is now called 'anchor-mean' (the same guard: it "
              + "never gave k-anonymity, see conf/privacy.conf); set "
              + PATH
              + ".guard = anchor-mean");
    }
    return ConfigEnums.parse(Guard.class, name, PATH + ".guard");
  }
}
