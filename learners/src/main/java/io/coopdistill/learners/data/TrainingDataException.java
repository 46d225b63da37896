package io.coopdistill.learners.data;

import java.util.Arrays;

/**
 * Data a learner cannot train on, such as a site whose rows are all of one class. The error is
 * deterministic: training again on the same data fails again, so it is reported at once, never
 * retried, and a run checks for it before it trains anything.
 */
public final class TrainingDataException extends IllegalArgumentException {
  public TrainingDataException(String message) {
    super(message);
  }

  /**
   * @param who what would train on {@code data}, for the message (a learner, a site)
   * @throws TrainingDataException unless {@code data} has rows of at least 2 classes, which every
   *     classifier needs
   */
  public static void requireTwoClasses(String who, Dataset data) {
    if (Arrays.stream(data.classCounts()).filter(count -> count > 0).count() < 2) {
      throw new TrainingDataException(
          who + " cannot train on " + data + ": it needs rows of at least 2 classes");
    }
  }
}
