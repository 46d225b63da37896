package io.coopdistill.actors.serialization;

/**
 * Marks every message that may cross an actor boundary: bound to Akka's {@code jackson-cbor}
 * serializer in {@code conf/actors.conf}, with Java serialisation switched off, so that the same
 * protocol runs unchanged across a cluster.
 */
public interface CborSerializable {}
