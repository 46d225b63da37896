package io.coopdistill.learners.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class OffHeapLimitTest {

  @Test
  void aSizeThatIsNotPositiveOrNotASizeIsRefusedNamingTheKey() {
    for (String bad : new String[] {"0", "-1g", "lots"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  OffHeapLimit.apply(
                      ConfigFactory.parseString(OffHeapLimit.PATH + " = \"" + bad + "\"")));
      assertTrue(
          e.getMessage().contains(OffHeapLimit.PATH) && e.getMessage().contains(bad),
          e.getMessage());
    }
  }

  @Test
  void theDefaultIsTwoGigabytes() {
    assertEquals(2L << 30, ConfigFactory.load().getBytes(OffHeapLimit.PATH));
  }

  // This JVM has ND4J loaded by other tests, so whether the cap takes hold is checked in a fresh
  // one.
  @Test
  void appliedBeforeNd4jLoadsTheConfiguredCapIsJavaCppsLimit() throws Exception {
    assertEquals("1572864000 1572864000", inFreshJvm("1500m"));
  }

  @Test
  void anExplicitJvmFlagWinsOverTheConfiguredCap() throws Exception {
    assertEquals(
        Long.toString(3L << 30) + " " + (3L << 30),
        inFreshJvm("1500m", "-D" + OffHeapLimit.PROPERTY + "=3g"));
  }

  /**
   * Prints, as its last line, what {@link OffHeapLimit#apply} returned and JavaCPP's limit, for the
   * cap args[0].
   */
  public static void main(String[] args) {
    long inForce =
        OffHeapLimit.apply(ConfigFactory.parseString(OffHeapLimit.PATH + " = " + args[0]));
    System.out.print(inForce + " " + Pointer.maxBytes());
  }

  private static String inFreshJvm(String cap, String... jvmFlags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmFlags));
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), OffHeapLimitTest.class.getName(), cap));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, process.waitFor(), "child JVM failed; printed: " + out);
    return out.lines().reduce((first, last) -> last).orElse("");
  }
}
