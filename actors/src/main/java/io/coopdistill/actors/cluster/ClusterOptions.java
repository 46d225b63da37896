package io.coopdistill.actors.cluster;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How runs use the cluster; documented defaults in {@code conf/cluster.conf} under {@value #PATH}.
 *
 * @param systemName every node's actor system name
 * @param host the address a node announces (its canonical hostname): where other nodes reach it
 * @param bindHost the address a node listens on, when it differs from {@code host} (e.g. 0.0.0.0);
 *     "" = host
 * @param registrationTimeout how long the coordinator waits for all sites to be registered
 * @param nodes how many learner nodes started without a list of sites a run waits for before it
 *     assigns them the sites; 0: the learner nodes that are members of the cluster when the run
 *     starts
 * @param joinTimeout how long a node waits to be a member ({@code Up}) of the cluster before it
 *     gives up
 * @param onLearnerLoss what a run does when a learner node leaves or dies
 * @param tls the transport's encryption and authentication
 */
public record ClusterOptions(
    String systemName,
    String host,
    String bindHost,
    Duration registrationTimeout,
    int nodes,
    Duration joinTimeout,
    Supervisor.OnLearnerLoss onLearnerLoss,
    Tls tls) {

  public static final String PATH = "coopdistill.cluster";

  /**
   * Addresses that mean "every interface": a node can listen there but nobody can reach it there.
   */
  private static final Set<String> WILDCARDS =
      Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "[0:0:0:0:0:0:0:0]");

  /**
   * Artery's {@code tls-tcp} with mutual authentication: a node accepts a connection only from a
   * peer whose certificate its trust store holds, and is accepted only by peers that trust its own.
   *
   * @param mode {@link Mode#AUTO}: on for a non-loopback {@code host}, off on loopback; {@link
   *     Mode#ON}: always
   * @param keyStore PKCS12 file with this node's private key and certificate
   * @param trustStore PKCS12 file with the certificates of the nodes this node accepts
   * @param passwordFile a file holding the password of both stores and of the key (kept out of the
   *     configuration, which run directories record)
   */
  public record Tls(Mode mode, String keyStore, String trustStore, String passwordFile) {
    public enum Mode {
      AUTO,
      ON
    }

    public Tls {
      require(mode != null, PATH + ".tls.mode", "auto or on", mode);
      if (keyStore == null || trustStore == null || passwordFile == null) {
        throw new IllegalArgumentException(
            PATH + ".tls key-store, trust-store and password-file must be set (may be \"\")");
      }
    }

    /** The password: the first line of the password file. */
    public String password() {
      try {
        return Files.readAllLines(Path.of(passwordFile)).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read " + PATH + ".tls.password-file " + passwordFile + ": " + e, e);
      }
    }
  }

  public ClusterOptions {
    if (systemName == null || !systemName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException(
          PATH + ".system-name must be letters, digits, '-' or '_', got " + systemName);
    }
    if (host == null || host.isBlank())
      throw new IllegalArgumentException(PATH + ".host must be set");
    if (WILDCARDS.contains(host)) {
      throw new IllegalArgumentException(
          PATH
              + ".host = "
              + host
              + " means every interface, which other nodes cannot connect to: "
              + "set host to the address other nodes reach this machine at, and bind-host = "
              + host
              + " to listen on every interface");
    }
    if (bindHost == null)
      throw new IllegalArgumentException(PATH + ".bind-host must be set (\"\" = host)");
    if (registrationTimeout == null
        || registrationTimeout.isNegative()
        || registrationTimeout.isZero()) {
      throw new IllegalArgumentException(
          PATH + ".registration-timeout must be positive, got " + registrationTimeout);
    }
    if (nodes < 0)
      throw new IllegalArgumentException(
          PATH + ".nodes must be 0 (the learner nodes in the cluster) or more, got " + nodes);
    if (joinTimeout == null || joinTimeout.isNegative() || joinTimeout.isZero()) {
      throw new IllegalArgumentException(
          PATH + ".join-timeout must be positive, got " + joinTimeout);
    }
    if (onLearnerLoss == null)
      throw new IllegalArgumentException(PATH + ".on-learner-loss must be fail or continue");
    if (tls == null) throw new IllegalArgumentException(PATH + ".tls must be set");
    if (tlsOn(host, bindHost, tls)) {
      requireKeys(
          tls.mode() == Tls.Mode.ON
              ? PATH + ".tls.mode = on"
              : "a node on a network address ("
                  + (loopback(host) ? bindHost : host)
                  + ", not loopback) talks only over TLS",
          tls);
    }
  }

  /** Whether nodes talk over TLS: always on a network address, on loopback only when asked for. */
  public boolean tlsOn() {
    return tlsOn(host, bindHost, tls);
  }

  private static boolean tlsOn(String host, String bindHost, Tls tls) {
    return tls.mode() == Tls.Mode.ON
        || !loopback(host)
        || !bindHost.isEmpty() && !loopback(bindHost);
  }

  private static boolean loopback(String host) {
    if (WILDCARDS.contains(host)) return false;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          PATH + ".host " + host + " cannot be resolved: " + e.getMessage(), e);
    }
  }

  private static void requireKeys(String why, Tls tls) {
    for (String[] file :
        new String[][] {
          {"key-store", tls.keyStore()},
          {"trust-store", tls.trustStore()},
          {"password-file", tls.passwordFile()}
        }) {
      if (file[1].isEmpty()) {
        throw new IllegalArgumentException(
            why
                + ", and "
                + PATH
                + ".tls."
                + file[0]
                + " is not set: make the node's keys with keytool "
                + "(README, \"Running on an Akka cluster\") and set "
                + PATH
                + ".tls.key-store, trust-store and password-file");
      }
      if (!Files.isReadable(Path.of(file[1]))) {
        throw new IllegalArgumentException(
            PATH
                + ".tls."
                + file[0]
                + " "
                + file[1]
                + " cannot be read (no such file, or no permission)");
      }
    }
    if (tls.password().isEmpty())
      throw new IllegalArgumentException(
          PATH + ".tls.password-file " + tls.passwordFile() + " is empty");
  }

  public static ClusterOptions fromConfig(Config root) {
    return ConfigSections.read(
        root,
        PATH,
        c -> {
          Config t = c.getConfig("tls");
          return new ClusterOptions(
              c.getString("system-name"),
              c.getString("host"),
              c.getString("bind-host"),
              c.getDuration("registration-timeout"),
              c.getInt("nodes"),
              c.getDuration("join-timeout"),
              ConfigEnums.parse(
                  Supervisor.OnLearnerLoss.class,
                  c.getString("on-learner-loss"),
                  PATH + ".on-learner-loss"),
              new Tls(
                  ConfigEnums.parse(Tls.Mode.class, t.getString("mode"), PATH + ".tls.mode"),
                  t.getString("key-store"),
                  t.getString("trust-store"),
                  t.getString("password-file")));
        });
  }
}
