/**
 * The method's steps, one package each, in the order of a round: {@code expertise} (expertise and
 * deficiency identification), {@code counterfactual} (the search for quintessential
 * counterfactuals), {@code curriculum} (lessons and each student's curriculum, set cover) and
 * {@code round} (the sites, the orchestrator, accounting, seeds and results).
 */
package io.coopdistill.learners.distill;
