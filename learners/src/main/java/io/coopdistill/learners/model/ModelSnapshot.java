package io.coopdistill.learners.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A trained model as bytes: what peers exchange instead of data. {@code format} names the {@link
 * ModelRestorer} that turns the bytes back into a {@link Model}; restorers are found with {@link
 * ServiceLoader}, so a user's own learner plugs in by listing its restorer in {@code
 * META-INF/services/io.coopdistill.learners.model.ModelRestorer}.
 */
public record ModelSnapshot(String format, byte[] bytes) {

  public ModelSnapshot {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * The restorers on the class path, looked up once: a lookup scans every jar's service files and
   * used to cost more than the restore itself (a many-agent round restores tens of thousands of
   * snapshots).
   */
  private static final class Restorers {
    static final List<ModelRestorer> ALL =
        ServiceLoader.load(ModelRestorer.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  /** Restores the model; fails with a clear message for an unknown format or corrupt bytes. */
  public Model restore() {
    for (ModelRestorer restorer : Restorers.ALL) {
      if (restorer.format().equals(format)) {
        try {
          return restorer.restore(bytes);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              "model snapshot of format '"
                  + format
                  + "' ("
                  + bytes.length
                  + " bytes) cannot be restored: "
                  + e.getMessage(),
              e);
        }
      }
    }
    throw new IllegalArgumentException("no restorer for model snapshot format '" + format + "'");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSnapshot s && format.equals(s.format) && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * format.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ModelSnapshot(" + format + ", " + bytes.length + " bytes)";
  }
}
