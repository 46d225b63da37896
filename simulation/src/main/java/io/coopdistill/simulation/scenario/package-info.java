/** Scenarios: their configuration, the agents (sites with their learners and data) and the per-seed trials. */
package io.coopdistill.simulation.scenario;
