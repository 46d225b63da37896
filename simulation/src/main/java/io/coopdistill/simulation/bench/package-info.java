/**
 * Benchmarks, tools rather than the library: {@code ./coopdistill bench} (training and
 * counterfactual-search throughput of this machine on FashionMNIST) and the actor runtime's {@link
 * io.coopdistill.simulation.bench.ScalingBenchmark} (round time against agents and cluster nodes).
 */
package io.coopdistill.simulation.bench;
