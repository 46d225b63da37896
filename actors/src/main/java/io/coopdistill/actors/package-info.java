/**
 * The actor runtime of cooperative distillation (Akka Typed), coordinator side: {@link
 * io.coopdistill.actors.ActorRuntime} is the blocking facade over one JVM; a {@link
 * io.coopdistill.actors.Supervisor} runs the rounds and a {@link
 * io.coopdistill.actors.PhaseBarrier} child waits for each phase, timing out only learners that
 * fall silent. What runs at each site, where the private data is, lives below in {@code
 * io.coopdistill.actors.site}; every message that may cross a node is a CBOR record ({@code
 * io.coopdistill.actors.serialization}) and none carries a training row. The cluster runtime
 * ({@code io.coopdistill.actors.cluster}) places the same actors on several nodes.
 */
package io.coopdistill.actors;
