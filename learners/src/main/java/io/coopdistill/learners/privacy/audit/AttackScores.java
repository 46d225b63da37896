package io.coopdistill.learners.privacy.audit;

import java.util.List;

/**
 * A site's scores of an attack with controls, as every such attack of the audit scores: the
 * distance attack ({@link SiteAudit} itself), the {@link LikelihoodRatioAttack} and each further
 * attack on what was sent ({@link SiteAudit.Attacked}). {@link PrivacyAudit} turns any of them into
 * figures the same way.
 */
interface AttackScores {
  /** The attack on the instances, members being the rows behind them. */
  SiteAudit.Scores instances();

  /** The same with every private row a member. */
  SiteAudit.Scores instancesAllRows();

  /** The attack on each {@link Control}'s copies, in that order. */
  List<SiteAudit.Scores> controls();
}
