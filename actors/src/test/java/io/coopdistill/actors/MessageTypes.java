package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.NoSerializationVerificationNeeded;
import io.coopdistill.actors.serialization.CborSerializable;
import java.lang.reflect.Modifier;
import java.util.List;

/** Checks that protocols are made of immutable messages, each marked for where it may go. */
public final class MessageTypes {
  private MessageTypes() {}

  /**
   * Every message type of the sealed {@code protocols} is a record or an enum; a public one (it may
   * cross actors) is CBOR serializable, a non-public one is marked local.
   *
   * @return how many message types it checked
   */
  public static int check(List<Class<?>> protocols) {
    int checked = 0;
    for (Class<?> protocol : protocols) {
      for (Class<?> type : protocol.getPermittedSubclasses()) {
        if (type.isInterface()) continue; // a nested protocol, checked on its own
        checked++;
        assertTrue(type.isRecord() || type.isEnum(), type + " is not immutable");
        if (Modifier.isPublic(type.getModifiers())) {
          assertTrue(
              CborSerializable.class.isAssignableFrom(type),
              type + " may cross actors but is not CborSerializable");
        } else {
          assertTrue(
              NoSerializationVerificationNeeded.class.isAssignableFrom(type),
              type + " is private but not marked local");
        }
      }
    }
    return checked;
  }
}
