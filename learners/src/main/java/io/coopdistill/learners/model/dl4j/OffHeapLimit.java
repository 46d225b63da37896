package io.coopdistill.learners.model.dl4j;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps how much memory ND4J may hold outside the Java heap ({@value #PATH}; why, and the default,
 * in {@code conf/learners-dl4j.conf}) by setting JavaCPP's {@value #PROPERTY}, at which it forces a
 * garbage collection. An explicit {@code -D} setting of the property wins, as with {@link
 * OneDnnHelpers}.
 */
public final class OffHeapLimit {
  public static final String PATH = "coopdistill.nd4j.off-heap-limit";
  static final String PROPERTY = "org.bytedeco.javacpp.maxbytes";
  private static final Logger LOG = LoggerFactory.getLogger(OffHeapLimit.class);

  private OffHeapLimit() {}

  /**
   * Applies the configured cap, unless {@code -D}{@value #PROPERTY} was given; call before anything
   * touches ND4J, since JavaCPP reads the property once. Returns the cap in force, in bytes.
   */
  public static long apply(Config root) {
    long configured;
    try {
      configured = root.getBytes(PATH);
    } catch (ConfigException.BadValue e) {
      configured = -1;
    }
    if (configured <= 0) {
      throw new IllegalArgumentException(
          PATH
              + " must be a positive size such as 2g or 1500m, got "
              + root.getValue(PATH).render());
    }
    if (System.getProperty(PROPERTY) != null) return Pointer.maxBytes();
    System.setProperty(PROPERTY, Long.toString(configured));
    long inForce = Pointer.maxBytes();
    if (inForce != configured) {
      LOG.warn(
          "ND4J off-heap limit stays {} MB, not the configured {} MB ({}): ND4J was loaded before it was applied",
          inForce >> 20,
          configured >> 20,
          PATH);
    }
    return inForce;
  }
}
