package io.coopdistill.learners.model.smile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Objects;
import smile.classification.Classifier;

/**
 * The content of a {@code smile} model snapshot: the Smile classifier, Java-serialised, with what a
 * {@link SmileModel} needs around it. Being a record, its checks also run when it is read back.
 */
record SmileSnapshot(
    String learner, int numFeatures, int numClasses, Classifier<double[]> classifier)
    implements Serializable {

  static final String FORMAT = "smile";

  /**
   * Snapshots come from peers: only our, Smile's and the JDK's own classes may be instantiated
   * while reading one, which rules out the known deserialisation gadgets of other libraries.
   */
  private static final ObjectInputFilter MODEL_CLASSES_ONLY =
      ObjectInputFilter.Config.createFilter(
          SmileSnapshot.class.getPackageName() + ".*;smile.**;java.**;!*");

  SmileSnapshot {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(classifier, "classifier");
    if (numFeatures < 1 || numClasses < 2) {
      throw new IllegalArgumentException(
          "bad shape: " + numFeatures + " features, " + numClasses + " classes");
    }
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + learner + " model", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException saying what is wrong when {@code bytes} are not a smile
   *     snapshot
   */
  static SmileSnapshot fromBytes(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(MODEL_CLASSES_ONLY);
      Object read = in.readObject();
      if (!(read instanceof SmileSnapshot snapshot)) {
        throw new IllegalArgumentException(
            "the bytes hold a " + read.getClass().getName() + ", not a Smile model");
      }
      if (in.read() != -1) throw new IllegalArgumentException("trailing bytes after the model");
      return snapshot;
    } catch (InvalidClassException e) {
      throw new IllegalArgumentException(
          "refused or incompatible class in the snapshot: " + e.getMessage(), e);
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalArgumentException("not a readable Smile model (" + e + ")", e);
    }
  }

  SmileModel toModel() {
    return SmileModel.of(learner, numFeatures, numClasses, classifier);
  }
}
