package io.coopdistill.learners.model;

/** Turns the bytes of one {@link ModelSnapshot} format back into a model. */
public interface ModelRestorer {

  /** The format this restorer reads, as written in {@link ModelSnapshot#format()}. */
  String format();

  /**
   * @throws RuntimeException with a message saying what is wrong when the bytes are not a valid
   *     snapshot
   */
  Model restore(byte[] bytes);
}
