/**
 * Benchmarks, tools rather than the library: {@code ./coopdistill bench} (training and
 * counterfactual-search throughput of this machine on FashionMNIST), {@code ./coopdistill scaling}
 * (the scaling study: seconds per phase, instances, peak memory and gain against agents, cores and
 * node processes, {@link io.coopdistill.simulation.bench.ScalingStudy}) and {@link
 * io.coopdistill.simulation.bench.ScalingBenchmark} (bytes the cluster sends between nodes).
 */
package io.coopdistill.simulation.bench;
