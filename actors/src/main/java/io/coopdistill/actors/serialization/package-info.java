/**
 * How the actor runtime's messages cross nodes: every message type that may leave its JVM is a
 * record marked {@link io.coopdistill.actors.serialization.CborSerializable}, bound to Akka's
 * Jackson CBOR serializer in {@code conf/actors.conf}. The lowest package of the runtime: the
 * site's protocol, the supervisor's and the cluster's all use it.
 */
package io.coopdistill.actors.serialization;
