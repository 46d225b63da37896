/**
 * The steps of cooperative distillation: expertise and deficiency identification, the lessons a
 * site's teachers make, each student's curriculum (set cover), the accounting of a round, and the
 * reference orchestrator {@link io.coopdistill.learners.distill.round.CooperativeDistillation} that the
 * actor runtime must match.
 */
package io.coopdistill.learners.distill;
