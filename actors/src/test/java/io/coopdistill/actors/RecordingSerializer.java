package io.coopdistill.actors;

import akka.actor.ExtendedActorSystem;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import akka.serialization.jackson.JacksonSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Akka's CBOR serializer that also keeps every message it wrote: with {@code serialize-messages =
 * on} that is every message that crossed an actor boundary. Bound in place of {@code jackson-cbor}
 * by tests.
 */
public final class RecordingSerializer extends JacksonSerializer {
  public record Recorded(String manifest, byte[] bytes) {}

  public static final Queue<Recorded> RECORDED = new ConcurrentLinkedQueue<>();

  public RecordingSerializer(ExtendedActorSystem system) {
    super(
        system,
        "jackson-cbor",
        JacksonObjectMapperProvider.get(system)
            .getOrCreate("jackson-cbor", Optional.of(new CBORFactory())));
  }

  @Override
  public byte[] toBinary(Object o) {
    byte[] bytes = super.toBinary(o);
    RECORDED.add(new Recorded(manifest(o), bytes));
    return bytes;
  }
}
