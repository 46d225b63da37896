/**
 * The privacy guard, the step of a round between the counterfactual search it constrains and the
 * curriculum: what a site's private rows are, and the guard that keeps its virtual instances from
 * revealing them.
 *
 * <p>{@link io.coopdistill.learners.privacy.SitePrivacy} holds a site's private rows P_s in the
 * encoded feature space the learners see (the space set cover measures in, L2), their
 * nearest-neighbour radius r_s, and the site's guard (a {@link
 * io.coopdistill.learners.distill.counterfactual.SearchGuard}); no guard is a formal guarantee. The
 * audit of what the instances reveal reads the lessons that were sent, so it comes after the
 * curriculum, in {@code privacy.audit}.
 */
package io.coopdistill.learners.privacy;
