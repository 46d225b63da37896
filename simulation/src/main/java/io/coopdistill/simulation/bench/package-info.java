/** {@code ./coopdistill bench}: training and counterfactual-search throughput of this machine on FashionMNIST. */
package io.coopdistill.simulation.bench;
