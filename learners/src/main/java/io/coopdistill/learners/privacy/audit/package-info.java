/**
 * The privacy audit of a round, after the curriculum (it reads the lessons a site sent) and before
 * the round that reports it: what the virtual instances reveal about a site's private rows,
 * measured where the rows are.
 *
 * <p>{@link io.coopdistill.learners.privacy.audit.SiteAudit} is what the site measures about the
 * instances it sent (sorted scores, each with its record's class, never a row): a distance attack
 * on the instances and on the {@link io.coopdistill.learners.privacy.audit.Control}s (rows sent
 * unchanged, which a sound attack flags), two further attacks on what was sent ({@link
 * io.coopdistill.learners.privacy.audit.SentAttack}: the output-space attack, which undoes the
 * search's move in the teacher's outputs, and the anchor-inversion attack, which pools the
 * instances that share an anchor), each with the same controls, and a snapshot attack on the site's
 * own model, the floor. {@link io.coopdistill.learners.privacy.audit.LikelihoodRatioAttack}
 * calibrates the snapshot attack, and attacks the instances through a model trained on them, with
 * {@link io.coopdistill.learners.privacy.audit.ShadowModels} of the site's learner (LiRA). {@link
 * io.coopdistill.learners.privacy.audit.PrivacyAudit} turns the sites' audits into the round's
 * figures: near-copy rate, distances to the closest record, and each attack's ROC AUC and
 * true-positive rate at 1% false positives, per site and pooled with each site at its own
 * threshold, each site's non-members weighted to its members' class mix ({@link
 * io.coopdistill.learners.privacy.audit.Membership}).
 */
package io.coopdistill.learners.privacy.audit;
