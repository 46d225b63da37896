/**
 * The actor runtime over an Akka cluster: nodes that host sites and a coordinator ({@link
 * io.coopdistill.actors.cluster.ClusterNode}, {@link
 * io.coopdistill.actors.cluster.RunCoordinator}), their options, the check that every node agrees
 * on the configuration and data, and the scaling benchmark.
 */
package io.coopdistill.actors.cluster;
