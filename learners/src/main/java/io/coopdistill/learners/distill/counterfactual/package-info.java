/**
 * The search for quintessential counterfactuals: the target, the searches (gradient, CMA-ES,
 * particle swarm, exact for trees), pixel masks, and the generator that picks a search for a model.
 */
package io.coopdistill.learners.distill.counterfactual;
