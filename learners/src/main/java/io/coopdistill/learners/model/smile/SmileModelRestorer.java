package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelRestorer;

/**
 * Restores {@code smile} snapshots (any Smile adapter's model); registered for {@link
 * java.util.ServiceLoader}.
 */
public final class SmileModelRestorer implements ModelRestorer {

  @Override
  public String format() {
    return SmileSnapshot.FORMAT;
  }

  @Override
  public Model restore(byte[] bytes) {
    return SmileSnapshot.fromBytes(bytes).toModel();
  }
}
