package io.coopdistill.simulation.bench;

import akka.actor.ExtendedActorSystem;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import akka.serialization.jackson.JacksonSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Akka's CBOR serializer that counts the bytes it writes: on a cluster node (serialize-messages
 * off) that is the protocol's payload sent to other nodes, Artery's framing and cluster gossip
 * aside. Bound in place of {@code jackson-cbor} by the scaling benchmark ({@code
 * akka.actor.serializers.jackson-cbor = "io.coopdistill.simulation.bench.CountingSerializer"}).
 */
public final class CountingSerializer extends JacksonSerializer {
  private static final AtomicLong SENT = new AtomicLong();

  public CountingSerializer(ExtendedActorSystem system) {
    super(
        system,
        "jackson-cbor",
        JacksonObjectMapperProvider.get(system)
            .getOrCreate("jackson-cbor", Optional.of(new CBORFactory())));
  }

  @Override
  public byte[] toBinary(Object o) {
    byte[] bytes = super.toBinary(o);
    SENT.addAndGet(bytes.length);
    return bytes;
  }

  /** Bytes serialised in this JVM so far. */
  public static long sent() {
    return SENT.get();
  }
}
