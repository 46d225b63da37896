/**
 * The report of a finished run: tables, the privacy frontier and charts, read from its
 * results.json.
 */
package io.coopdistill.simulation.report;
