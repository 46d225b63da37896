package io.coopdistill.learners.distill.round;

import static io.coopdistill.learners.OptionChecks.require;

import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.expertise.Focus;
import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;

/**
 * How a round of cooperative distillation runs, beyond the counterfactual search itself
 * ({@code coopdistill.counterfactual}) and set cover's radius ({@code coopdistill.set-cover});
 * documented defaults in {@code conf/distillation.conf} under {@value #PATH}.
 *
 * @param pairBudget most rows of R_k(i→j) per (site, teacher, student) that get a counterfactual,
 *                   drawn with the run's seed; 0 = all of them
 * @param setCover   whether each student's virtual instances are deduplicated by set cover
 * @param focus      which rows a teacher teaches from: the student's deficiencies (the method) or all
 *                   rows the teacher predicts correctly (the "unfocused" ablation)
 * @param transfer   what a lesson carries: counterfactuals (the method) or the rows themselves (the
 *                   privacy-violating "raw sharing" reference)
 */
public record DistillationOptions(int pairBudget, boolean setCover, Focus focus, Transfer transfer) {

  public static final String PATH = "coopdistill.distillation";

  public DistillationOptions {
    require(pairBudget >= 0, PATH + ".pair-budget", "≥ 0 (0 = unlimited)", pairBudget);
    require(focus != null, PATH + ".focus", "deficiencies or all-correct", focus);
    require(transfer != null, PATH + ".transfer", "counterfactuals or raw-rows", transfer);
  }

  /** The method's defaults: focused counterfactuals, no budget, with set cover. */
  public static DistillationOptions standard() {
    return new DistillationOptions(0, true, Focus.DEFICIENCIES, Transfer.COUNTERFACTUALS);
  }

  public DistillationOptions withPairBudget(int budget) { return new DistillationOptions(budget, setCover, focus, transfer); }

  public DistillationOptions withSetCover(boolean enabled) { return new DistillationOptions(pairBudget, enabled, focus, transfer); }

  public DistillationOptions withFocus(Focus newFocus) { return new DistillationOptions(pairBudget, setCover, newFocus, transfer); }

  public DistillationOptions withTransfer(Transfer newTransfer) { return new DistillationOptions(pairBudget, setCover, focus, newTransfer); }

  /** The curriculum students study under these options: set cover, or every virtual instance kept. */
  public CurriculumVariant curriculum() {
    return setCover ? CurriculumVariant.WITH_SET_COVER : CurriculumVariant.WITHOUT_SET_COVER;
  }

  /** What travels from a site to a student. */
  public enum Transfer {
    /** Quintessential counterfactuals built by the teacher: the method; private rows never leave. */
    COUNTERFACTUALS,
    /** The deficient rows themselves: the "raw sharing" reference, which violates privacy. */
    RAW_ROWS
  }

  public static DistillationOptions fromConfig(Config root) {
    return ConfigSections.read(root, PATH, c -> new DistillationOptions(c.getInt("pair-budget"), c.getBoolean("set-cover"),
        ConfigEnums.parse(Focus.class, c.getString("focus"), PATH + ".focus"),
        ConfigEnums.parse(Transfer.class, c.getString("transfer"), PATH + ".transfer")));
  }
}
