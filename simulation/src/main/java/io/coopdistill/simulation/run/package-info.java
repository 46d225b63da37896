/** Running a plan of scenarios: the run directory, its manifest and log, progress bars, illustrations and the results as JSON. */
package io.coopdistill.simulation.run;
