package io.coopdistill.learners.distill.round;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.expertise.Focus;
import java.util.List;

/**
 * How a round of cooperative distillation runs, beyond the counterfactual search itself ({@code
 * coopdistill.counterfactual}) and set cover's radius ({@code coopdistill.set-cover}); documented
 * defaults in {@code conf/distillation.conf} under {@value #PATH}.
 *
 * @param pairBudget most rows of R_k(i→j) per (site, teacher, student) that get a counterfactual,
 *     drawn with the run's seed; 0 = all of them
 * @param setCover whether each student's virtual instances are deduplicated by set cover
 * @param focus which rows a teacher teaches from: the student's deficiencies (the method) or all
 *     rows the teacher predicts correctly (the "unfocused" ablation)
 * @param transfer what a lesson carries: counterfactuals (the method) or the rows themselves (the
 *     privacy-violating "raw sharing" reference)
 * @param accept whether a student keeps its retrained model always (the paper) or only if it is
 *     better on the student's validation rows ({@link Acceptance})
 * @param acceptValidationFraction under {@code if-better}, the fraction of a site's own rows set
 *     aside (before the baseline trains) to judge its lessons on where the site has no validation
 *     or held-out rows; 0 = such a site cannot take part
 * @param manyAgents how a round of many learners bounds its work ({@link TeachingPlan})
 */
public record DistillationOptions(
    int pairBudget,
    boolean setCover,
    Focus focus,
    Transfer transfer,
    Acceptance accept,
    double acceptValidationFraction,
    ManyAgents manyAgents) {

  public static final String PATH = "coopdistill.distillation";

  public DistillationOptions {
    require(pairBudget >= 0, PATH + ".pair-budget", "≥ 0 (0 = unlimited)", pairBudget);
    require(focus != null, PATH + ".focus", "deficiencies or all-correct", focus);
    require(transfer != null, PATH + ".transfer", "counterfactuals or raw-rows", transfer);
    require(accept != null, PATH + ".accept", "always or if-better", accept);
    require(
        acceptValidationFraction >= 0 && acceptValidationFraction < 1,
        PATH + ".accept-validation-fraction",
        "in [0, 1)",
        acceptValidationFraction);
    require(manyAgents != null, PATH + ".many-agents", "set", manyAgents);
  }

  /**
   * The method's defaults: focused counterfactuals, no budget, with set cover, every retrained
   * model kept, the default many-agent bounds.
   */
  public static DistillationOptions standard() {
    return new DistillationOptions(
        0,
        true,
        Focus.DEFICIENCIES,
        Transfer.COUNTERFACTUALS,
        Acceptance.ALWAYS,
        0.2,
        ManyAgents.standard());
  }

  /**
   * The sites of trial {@code seed} as a round under these options holds them: under {@code
   * if-better}, a site without rows to judge on gets its validation rows set aside ({@link
   * Acceptance#judging}). Every runtime, and every cluster node, holds its sites this way, so they
   * train, judge and fingerprint the same rows.
   */
  public List<Site> judging(List<Site> sites, long seed) {
    return accept.judging(sites, acceptValidationFraction, seed);
  }

  public DistillationOptions withPairBudget(int budget) {
    return new DistillationOptions(
        budget, setCover, focus, transfer, accept, acceptValidationFraction, manyAgents);
  }

  public DistillationOptions withSetCover(boolean enabled) {
    return new DistillationOptions(
        pairBudget, enabled, focus, transfer, accept, acceptValidationFraction, manyAgents);
  }

  public DistillationOptions withFocus(Focus newFocus) {
    return new DistillationOptions(
        pairBudget, setCover, newFocus, transfer, accept, acceptValidationFraction, manyAgents);
  }

  public DistillationOptions withTransfer(Transfer newTransfer) {
    return new DistillationOptions(
        pairBudget, setCover, focus, newTransfer, accept, acceptValidationFraction, manyAgents);
  }

  public DistillationOptions withAccept(Acceptance newAccept) {
    return new DistillationOptions(
        pairBudget, setCover, focus, transfer, newAccept, acceptValidationFraction, manyAgents);
  }

  public DistillationOptions withManyAgents(ManyAgents bounds) {
    return new DistillationOptions(
        pairBudget, setCover, focus, transfer, accept, acceptValidationFraction, bounds);
  }

  /**
   * The curriculum students study under these options: set cover, or every virtual instance kept.
   */
  public CurriculumVariant curriculum() {
    return setCover ? CurriculumVariant.WITH_SET_COVER : CurriculumVariant.WITHOUT_SET_COVER;
  }

  /** What travels from a site to a student. */
  public enum Transfer {
    /**
     * Quintessential counterfactuals built by the teacher: the method; private rows never leave.
     */
    COUNTERFACTUALS,
    /** The deficient rows themselves: the "raw sharing" reference, which violates privacy. */
    RAW_ROWS
  }

  public static DistillationOptions fromConfig(Config root) {
    return ConfigSections.read(
        root,
        PATH,
        c ->
            new DistillationOptions(
                c.getInt("pair-budget"),
                c.getBoolean("set-cover"),
                ConfigEnums.parse(Focus.class, c.getString("focus"), PATH + ".focus"),
                ConfigEnums.parse(Transfer.class, c.getString("transfer"), PATH + ".transfer"),
                ConfigEnums.parse(Acceptance.class, c.getString("accept"), PATH + ".accept"),
                c.getDouble("accept-validation-fraction"),
                ManyAgents.fromConfig(root)));
  }
}
