package io.coopdistill.actors.cluster;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A learner node in its own JVM, hosting heart disease sites: {@code main(seed, seedNode,
 * indices)}. It exits when its actor system terminates or when its parent closes its standard
 * input, so that no node outlives the test that started it.
 */
public final class LearnerNodeProcess {
  private LearnerNodeProcess() {}

  public static void main(String[] args) throws IOException {
    long seed = Long.parseLong(args[0]);
    List<ClusterNode.HostedSite> sites =
        Arrays.stream(args[2].split(","))
            .map(i -> HeartDiseaseSites.hosted(Integer.parseInt(i), seed))
            .toList();
    ClusterNode node =
        ClusterNode.start(
            HeartDiseaseSites.ROOT,
            Set.of(ClusterNode.LEARNER),
            0,
            List.of(args[1]),
            sites,
            HeartDiseaseSites.DATA.test(),
            HeartDiseaseSites.fingerprint(HeartDiseaseSites.ROOT, seed, sites));
    System.out.println("READY " + node.address());
    node.whenTerminated().thenRun(() -> System.exit(0));
    while (System.in.read() >= 0) {
      // Wait for the parent to go away.
    }
    System.exit(0);
  }

  /**
   * Starts a node process hosting sites {@code indices}, with this JVM's classpath and
   * configuration; output to {@code log}.
   */
  static Process start(long seed, String seedNode, String indices, File log) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path")));
    for (String property :
        List.of("config.file", "coopdistill.root", "logback.configurationFile")) {
      if (System.getProperty(property) != null)
        command.add("-D" + property + "=" + System.getProperty(property));
    }
    command.addAll(
        List.of(LearnerNodeProcess.class.getName(), String.valueOf(seed), seedNode, indices));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }
}
