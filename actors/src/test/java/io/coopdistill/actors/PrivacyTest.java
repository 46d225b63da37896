package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.round.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No training row leaves its site: every message of a whole heart disease round is serialised
 * (serialize-messages = on, recorded by {@link RecordingSerializer}) and none contains the CBOR
 * encoding of any site's training row. And by construction: every message type is a CBOR record.
 */
class PrivacyTest {
  static final ObjectMapper CBOR =
      new ObjectMapper(new CBORFactory())
          .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

  /**
   * The CBOR bytes of a row's floats, without the array header, as they would appear inside any
   * message.
   */
  static byte[] encoded(float[] row) throws Exception {
    byte[] array = CBOR.writeValueAsBytes(row);
    int first = 0;
    while ((array[first] & 0xFF) != 0xFA) first++;
    return java.util.Arrays.copyOfRange(array, first, array.length);
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  @Test
  void noMessageOfARoundCarriesATrainingRow() throws Exception {
    Config config =
        ConfigFactory.parseString(
                """
        akka.actor.serialize-messages = on
        akka.actor.serializers.jackson-cbor = "io.coopdistill.actors.RecordingSerializer"
        """)
            .withFallback(HeartDiseaseRoundTest.ROOT);
    long seed = 11;
    List<Site> participants = HeartDiseaseRoundTest.sites(seed);
    RecordingSerializer.RECORDED.clear();
    Supervisor.Completed run =
        ActorRuntime.run(
            config, participants, HeartDiseaseRoundTest.SITES.test(), seed, 1, p -> {});
    assertTrue(run.rounds().get(0).sameOutcome(HeartDiseaseRoundTest.reference(seed)));

    List<RecordingSerializer.Recorded> messages = new ArrayList<>(RecordingSerializer.RECORDED);
    Set<String> types = new TreeSet<>();
    messages.forEach(m -> types.add(m.manifest()));
    for (String type :
        List.of(
            "Learn",
            "Identify",
            "Teach",
            "Identified",
            "Taught",
            "Trained",
            "Retrained",
            "Studied",
            "Evaluated",
            "Progress")) {
      assertTrue(
          types.stream().anyMatch(t -> t.endsWith("$" + type)),
          "no " + type + " was recorded: " + types);
    }
    int rows = 0;
    for (int site = 0; site < participants.size(); site++) {
      Site p = participants.get(site);
      for (float[] row : p.data().features()) {
        byte[] needle = encoded(row);
        rows++;
        for (RecordingSerializer.Recorded m : messages) {
          // A virtual instance made at another site may coincide with this row on discrete features
          // without
          // having been made from it; lessons are checked against the rows of the site that made
          // them.
          if (m.manifest().endsWith("$Learn")
              && CBOR.readTree(m.bytes()).get("site").asInt() != site) continue;
          assertFalse(
              contains(m.bytes(), needle),
              "a training row of " + p.name() + " is in a " + m.manifest());
        }
      }
    }
    assertTrue(
        rows > 300 && messages.size() > 50, rows + " rows, " + messages.size() + " messages");

    // The privacy audits leave their sites in Studied: scores only, sorted, so that none can be
    // linked back to the row or the instance it was measured from.
    int audits = 0;
    for (RecordingSerializer.Recorded m : messages) {
      if (!m.manifest().endsWith("$Studied")) continue;
      JsonNode audit = CBOR.readTree(m.bytes()).get("audit");
      assertEquals(CBOR.readTree(m.bytes()).get("learner").asInt(), audit.get("site").asInt());
      List<String> parts = new ArrayList<>(List.of("/dcr"));
      for (String attack :
          List.of(
              "/instances",
              "/instancesAllRows",
              "/controls/0",
              "/controls/1",
              "/snapshot",
              "/snapshotAllRows")) {
        parts.add(attack + "/members");
        parts.add(attack + "/nonMembers");
      }
      for (String part : parts) {
        JsonNode values = audit.at(part);
        assertTrue(values.isArray(), part + " is missing");
        for (int i = 1; i < values.size(); i++)
          assertTrue(
              values.get(i - 1).asDouble() <= values.get(i).asDouble(), part + " is not sorted");
      }
      assertEquals(
          participants.get(audit.get("site").asInt()).data().size(),
          audit.at("/instancesAllRows/members").size());
      audits++;
    }
    assertEquals(participants.size(), audits);
  }

  @Test
  void theDetectorFindsARowInALesson() throws Exception {
    Dataset data = HeartDiseaseRoundTest.sites(11).get(0).data();
    float[] row = data.row(4);
    Lesson leaky = new Lesson(0, 0, 1, new float[][] {data.row(3), row}, new int[] {0, 1}, 2, 0, 0);
    byte[] bytes = CBOR.writeValueAsBytes(new LearnerProtocol.Learn(1, 0, List.of(leaky), null));
    assertTrue(contains(bytes, encoded(row)));
    float[] other = data.row(5);
    if (!java.util.Arrays.equals(other, row) && !java.util.Arrays.equals(other, data.row(3)))
      assertFalse(contains(bytes, encoded(other)));
  }

  @Test
  void everyMessageTypeIsACborRecordAndEveryLocalOneIsMarkedSo() {
    int checked =
        MessageTypes.check(
            List.of(
                LearnerProtocol.Command.class,
                LearnerProtocol.Reply.class,
                Supervisor.Command.class,
                Supervisor.RunReply.class,
                PhaseBarrier.Command.class,
                PhaseBarrier.Report.class));
    // The site's own children's protocols are checked in the site's package (SiteMessageTypesTest).
    assertEquals(7 + 4 + 11 + 6 + 2 + 3 + 3, checked);
  }
}
