package io.coopdistill.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joining: a node becomes Up or fails after the join timeout with a message naming its seed nodes;
 * the transport is TLS with mutual authentication, so a node whose certificate the cluster does not
 * trust cannot join; addresses that cannot work are refused before a node starts.
 */
class ClusterJoinTest {
  static final String PASSWORD = "coopdistill-test";

  @TempDir File dir;
  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ClusterNode::close);
  }

  private ClusterNode start(Config config, List<String> seeds) {
    ClusterNode node =
        ClusterNode.start(
            config,
            Set.of(ClusterNode.LEARNER),
            0,
            seeds,
            List.of(),
            null,
            Fingerprint.of(config, 0, List.of(), null));
    nodes.add(node);
    return node;
  }

  private static Config joinTimeout(int seconds) {
    return ConfigFactory.parseString("coopdistill.cluster.join-timeout = " + seconds + " s")
        .withFallback(HeartDiseaseSites.ROOT);
  }

  @Test
  @Timeout(30)
  void aNodeWhoseSeedNodeIsUnreachableFailsAfterTheJoinTimeout() throws Exception {
    int free;
    try (ServerSocket socket = new ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    String seed = "akka://coopdistill@127.0.0.1:" + free;
    long start = System.nanoTime();
    ClusterNode.JoinFailedException e =
        assertThrows(
            ClusterNode.JoinFailedException.class, () -> start(joinTimeout(3), List.of(seed)));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(
        e.getMessage()
            .contains(
                "did not join the cluster of ["
                    + seed
                    + "] within 3 s (coopdistill.cluster.join-timeout)"),
        e.getMessage());
    assertTrue(seconds >= 3 && seconds < 15, "failed after " + seconds + " s");
  }

  @Test
  @Timeout(60)
  void onlyANodeWithATrustedCertificateJoins() throws Exception {
    File cluster = keyStore("cluster");
    File rogue = keyStore("rogue");
    File trust = new File(dir, "trust.p12");
    File cert = new File(dir, "cluster.crt");
    keytool(
        "-exportcert",
        "-alias",
        "cluster",
        "-keystore",
        cluster.getPath(),
        "-storepass",
        PASSWORD,
        "-file",
        cert.getPath());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "cluster",
        "-file",
        cert.getPath(),
        "-keystore",
        trust.getPath(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    File password = new File(dir, "password");
    Files.writeString(password.toPath(), PASSWORD + "\n");

    ClusterNode first = start(tls(cluster, trust, password), List.of());
    ClusterNode second = start(tls(cluster, trust, password), List.of(first.address()));
    assertEquals(MemberStatus.up(), Cluster.get(second.system()).selfMember().status());
    // The rogue node trusts the cluster's certificate, but the cluster does not trust the rogue's:
    // refused.
    ClusterNode.JoinFailedException e =
        assertThrows(
            ClusterNode.JoinFailedException.class,
            () ->
                start(
                    tls(rogue, trust, password)
                        .withValue(
                            "coopdistill.cluster.join-timeout",
                            ConfigValueFactory.fromAnyRef("4 s")),
                    List.of(first.address())));
    assertTrue(e.getMessage().contains("accepts this node's certificate"), e.getMessage());
    // A plain TCP node does not get in either.
    assertThrows(
        ClusterNode.JoinFailedException.class,
        () -> start(joinTimeout(4), List.of(first.address())));
    long members =
        StreamSupport.stream(Cluster.get(first.system()).state().getMembers().spliterator(), false)
            .count();
    assertEquals(2, members, Cluster.get(first.system()).state().toString());
  }

  private Config tls(File keyStore, File trustStore, File password) {
    return ConfigFactory.parseString("coopdistill.cluster.tls.mode = on")
        .withValue(
            "coopdistill.cluster.tls.key-store", ConfigValueFactory.fromAnyRef(keyStore.getPath()))
        .withValue(
            "coopdistill.cluster.tls.trust-store",
            ConfigValueFactory.fromAnyRef(trustStore.getPath()))
        .withValue(
            "coopdistill.cluster.tls.password-file",
            ConfigValueFactory.fromAnyRef(password.getPath()))
        .withFallback(joinTimeout(20));
  }

  /** A PKCS12 key store with one self-signed RSA key pair, as README's keytool command makes it. */
  private File keyStore(String alias) throws Exception {
    File file = new File(dir, alias + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=" + alias,
        "-keystore",
        file.getPath(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    return file;
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(new File(System.getProperty("java.home"), "bin/keytool").getPath()));
    command.addAll(List.of(arguments));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + command + ":\n" + out);
  }

  @Test
  void addressesThatCannotWorkAreRefusedBeforeANodeStarts() {
    IllegalArgumentException wildcard =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClusterOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.cluster.host = \"0.0.0.0\"")
                        .withFallback(HeartDiseaseSites.ROOT)));
    assertTrue(wildcard.getMessage().contains("bind-host = 0.0.0.0"), wildcard.getMessage());
    IllegalArgumentException noKeys =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClusterOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.cluster.host = \"10.11.12.13\"")
                        .withFallback(HeartDiseaseSites.ROOT)));
    assertTrue(
        noKeys
            .getMessage()
            .contains(
                "not loopback) talks only over TLS, and coopdistill.cluster.tls.key-store is not set"),
        noKeys.getMessage());
    IllegalArgumentException bindAll =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClusterOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.cluster.bind-host = \"0.0.0.0\"")
                        .withFallback(HeartDiseaseSites.ROOT)));
    assertTrue(bindAll.getMessage().contains("tls.key-store is not set"), bindAll.getMessage());
    assertFalse(
        ClusterOptions.fromConfig(HeartDiseaseSites.ROOT).tlsOn(),
        "plain TCP on loopback by default");
  }
}
