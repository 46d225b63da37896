package io.coopdistill.learners.data;

/**
 * A data set's files are not where the configuration says; the message tells the user how to get
 * them or which configuration key points elsewhere.
 */
public final class DataNotFoundException extends RuntimeException {
  public DataNotFoundException(String message) {
    super(message);
  }
}
