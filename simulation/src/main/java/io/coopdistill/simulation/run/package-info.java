/**
 * Running a plan of scenarios: the run directory, its manifest and log, progress bars, the
 * process's resident-memory watch, illustrations and the results as JSON with their paired and
 * seed-level statistics. Never imports {@code report}, which reads what a run wrote.
 */
package io.coopdistill.simulation.run;
