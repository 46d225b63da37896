/**
 * The simulator: the command line ({@link io.coopdistill.simulation.Main}) that runs scenarios of
 * cooperative distillation beside its competitors and writes their results and reports.
 */
package io.coopdistill.simulation;
