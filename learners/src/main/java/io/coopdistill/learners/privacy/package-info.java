/**
 * What a site's virtual instances reveal about its private rows, measured where the rows are, and
 * the guards that keep them from revealing it.
 *
 * <p>{@link io.coopdistill.learners.privacy.SitePrivacy} holds a site's private rows P_s in the
 * encoded feature space the learners see (the space set cover measures in, L2), their
 * nearest-neighbour radius r_s, and the site's guard (a
 * {@link io.coopdistill.learners.distill.counterfactual.SearchGuard}).
 * {@link io.coopdistill.learners.privacy.SiteAudit} is what the site measures about the instances it
 * sent (distances only, never a row); {@link io.coopdistill.learners.privacy.PrivacyAudit} turns the
 * sites' audits into the round's figures: near-copy rate, distances to the closest record, and a
 * membership inference attack's ROC AUC and true-positive rate at 1% false positives, per site and
 * pooled.
 */
package io.coopdistill.learners.privacy;
