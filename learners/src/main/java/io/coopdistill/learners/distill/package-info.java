/**
 * The method's steps, one package each, in the order of a round; each imports only the steps before
 * it (checked by {@code LayersTest}): {@code expertise} (expertise and deficiency identification,
 * and the focus that picks the rows taught), {@code counterfactual} (the search for quintessential
 * counterfactuals), {@code io.coopdistill.learners.privacy} (the guard the search respects), {@code
 * curriculum} (lessons and each student's curriculum, set cover), {@code
 * io.coopdistill.learners.privacy.audit} (what the lessons sent reveal) and {@code round} (the
 * sites, the orchestrator, the method's settings, accounting and results). Here, below them all,
 * the {@link io.coopdistill.learners.distill.Seeds} every random step derives its seed from and the
 * {@link io.coopdistill.learners.distill.RandomDraw} every draw without replacement makes.
 */
package io.coopdistill.learners.distill;
