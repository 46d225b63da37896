package io.coopdistill.actors.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coopdistill.actors.MessageTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocols of a site's children: immutable messages, each marked for where it may go. */
class SiteMessageTypesTest {
  @Test
  void everyMessageTypeIsACborRecordAndEveryLocalOneIsMarkedSo() {
    assertEquals(
        1 + 2 + 2,
        MessageTypes.check(
            List.of(
                TeacherActor.Command.class, TeacherActor.Outcome.class, Teaching.Command.class)));
  }
}
