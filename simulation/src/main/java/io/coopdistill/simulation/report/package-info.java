/** The report of a run: tables, paired statistics and charts. */
package io.coopdistill.simulation.report;
