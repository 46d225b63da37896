/**
 * Scenarios: their configuration, the agents (sites with their learners and data), the per-seed
 * trials and the checkpoints of the models a trial trains, kept so that a resumed run need not
 * train them again.
 */
package io.coopdistill.simulation.scenario;
