package io.coopdistill.simulation.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.Site;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paper's scenarios keep their sites (agent k missing 95% of class k) bit for bit: the SHA-256
 * of every site's rows and the test set, pinned before partitions existed.
 */
class PaperSitesUnchangedTest {
  private static final String SAMPLE =
      "coopdistill.data.fashion-mnist-dir="
          + Path.of(ConfigFactory.load().getString("coopdistill.data.dir"), "fashion-mnist-sample");

  static String digest(String scenario, List<String> sets, long seed) {
    Trial trial = Scenarios.create(ScenarioConfig.load(scenario, sets)).trial(seed);
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    for (Site site : trial.sites()) {
      digest.update(site.name().getBytes(StandardCharsets.UTF_8));
      site.data().digest(digest);
    }
    trial.test().digest(digest);
    return HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void generatedAndFashionMnistSitesAreThoseOfBefore() {
    assertEquals(
        "90da5e73b0a50a1cf51d11e06eea25b09cc4f53ebe9ba2ae22ff560e6ae04717",
        digest("quickstart", List.of(), 0));
    assertEquals(
        "bd0fa893f53a0b1595495405aca0c21a48f5b650e2828438f0d06468a34b29b7",
        digest("quickstart", List.of(), 3));
    assertEquals(
        "bd0fa893f53a0b1595495405aca0c21a48f5b650e2828438f0d06468a34b29b7",
        digest("quickstart", List.of("scenario.partition.type=undersample"), 3),
        "undersample is the default");
    assertEquals(
        "6ca608e774d8545b6e29c9a26d6ba4110dd4a37521f921c89c1aa964bfda04ec",
        digest(
            "fashion-mnist-ten",
            List.of(
                "scenario.scale=quick",
                "scenario.rows-per-agent=600",
                "scenario.test-rows=300",
                SAMPLE),
            1));
    // Every agent on the whole pool (paper scale), and learners of different sizes that wrap around
    // the pool.
    assertEquals(
        "322298eee38fbf4bd3003a63fbcd0a7d762e77110ef29e87a7df55c2c0624846",
        digest(
            "fashion-mnist-ten", List.of("scenario.scale=paper", "scenario.agents=3", SAMPLE), 2));
    assertEquals(
        "9434e88dba1be4cfbdddd8fbf4316d49b50d51cd06b7aa516fc3e0fad538fc09",
        digest(
            "cross-architecture",
            List.of("scenario.scale=quick", "scenario.test-rows=500", SAMPLE),
            0));
  }
}
