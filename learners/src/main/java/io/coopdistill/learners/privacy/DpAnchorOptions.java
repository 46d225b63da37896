package io.coopdistill.learners.privacy;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.OptionChecks;

/**
 * The differentially private anchors of the {@code dp-anchor} guard ({@value #PATH}, documented in
 * {@code conf/privacy.conf}): each site releases, once, the mean of each class of its private rows
 * with noise calibrated to (ε, δ) ({@link NoisyClassMeans}).
 *
 * @param epsilon ε of the whole release (every class's anchor together), positive; +∞ releases the
 *     exact class means (for tests: no guarantee)
 * @param delta δ of the Gaussian mechanism, in (0, 1); the Laplace mechanism ignores it (δ = 0)
 * @param mechanism the noise: Gaussian (analytic calibration, (ε, δ)-DP) or Laplace (ε-DP)
 */
public record DpAnchorOptions(double epsilon, double delta, Mechanism mechanism) {
  public static final String PATH = PrivacyOptions.PATH + ".dp-anchor";

  /** The noise the class means are released with. */
  public enum Mechanism {
    GAUSSIAN,
    LAPLACE
  }

  public DpAnchorOptions {
    OptionChecks.require(epsilon > 0, PATH + ".epsilon", "positive", epsilon);
    OptionChecks.require(delta > 0 && delta < 1, PATH + ".delta", "in (0, 1)", delta);
    OptionChecks.require(mechanism != null, PATH + ".mechanism", "gaussian or laplace", mechanism);
  }

  /** The defaults of {@code conf/privacy.conf}. */
  public static DpAnchorOptions defaults() {
    return new DpAnchorOptions(1, 1e-5, Mechanism.GAUSSIAN);
  }

  /** The options in section {@code c} (the {@value #PATH} section). */
  static DpAnchorOptions fromConfig(Config c) {
    return new DpAnchorOptions(
        c.getDouble("epsilon"),
        c.getDouble("delta"),
        ConfigEnums.parse(Mechanism.class, c.getString("mechanism"), PATH + ".mechanism"));
  }
}
