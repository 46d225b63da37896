/**
 * The methods a scenario compares: the baseline, the cooperative round (on either runtime) and the
 * competitors.
 */
package io.coopdistill.simulation.methods;
