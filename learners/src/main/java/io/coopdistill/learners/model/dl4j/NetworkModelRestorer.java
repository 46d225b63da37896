package io.coopdistill.learners.model.dl4j;

import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelRestorer;

/** Restores {@code dl4j} snapshots written by {@link NetworkModel#snapshot()}. */
public final class NetworkModelRestorer implements ModelRestorer {
  @Override
  public String format() {
    return NetworkModel.FORMAT;
  }

  @Override
  public Model restore(byte[] bytes) {
    return NetworkModel.restore(bytes);
  }
}
