/**
 * The actor runtime of cooperative distillation (Akka Typed): a {@link io.coopdistill.actors.Supervisor}
 * runs the rounds, a {@link io.coopdistill.actors.PhaseBarrier} child waits for each phase, and one
 * {@link io.coopdistill.actors.LearnerActor} per site holds its learner and private data, with a
 * {@link io.coopdistill.actors.Teaching} child and {@link io.coopdistill.actors.TeacherActor}s that
 * make its counterfactuals. {@link io.coopdistill.actors.ActorRuntime} is the blocking facade; every
 * message that may cross a node is a CBOR record and none carries a training row.
 */
package io.coopdistill.actors;
