/**
 * How one labelled row set is split among the sites of a study, seeded: the paper's semi-experts
 * ({@link io.coopdistill.learners.data.partition.Undersample}: agent k missing most of class k),
 * and the splits many-agent studies use, after Flower Datasets' partitioners: {@link
 * io.coopdistill.learners.data.partition.Iid} shares, label skew drawn from a Dirichlet
 * distribution ({@link io.coopdistill.learners.data.partition.Dirichlet}), pathological shards of a
 * few classes per site ({@link io.coopdistill.learners.data.partition.Shards}) and skewed site
 * sizes ({@link io.coopdistill.learners.data.partition.QuantitySkew}); and a user's one table file
 * split into sites ({@link io.coopdistill.learners.data.partition.SplitTable}).
 */
package io.coopdistill.learners.data.partition;
