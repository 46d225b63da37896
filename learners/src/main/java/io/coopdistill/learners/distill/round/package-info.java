/**
 * A round of cooperative distillation (the paper's Algorithm 1): the {@link
 * io.coopdistill.learners.distill.round.Site}s taking part, the method's settings, a site's
 * teaching step, the accounting and results, and the reference orchestrator {@link
 * io.coopdistill.learners.distill.round.CooperativeDistillation} that the actor runtime must match.
 */
package io.coopdistill.learners.distill.round;
