package io.coopdistill.actors;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelRestorer;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.model.TrainingProgress;
import io.coopdistill.learners.model.TreeModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A tree model that records which thread scores with it and when, and survives the snapshot
 * exchange (its restorer is listed in META-INF/services), so that a test sees where the teachers'
 * counterfactual searches ran. On counterfactual threads each call takes at least a few
 * milliseconds, so that searches that can overlap do.
 */
final class RecordingTree implements TreeModel {
  static final String FORMAT = "recording-tree";

  record Call(String thread, long start, long end) {}

  static final Queue<Call> CALLS = new ConcurrentLinkedQueue<>();

  private final TreeModel inner;

  RecordingTree(TreeModel inner) {
    this.inner = inner;
  }

  /** Trains the wrapped tree learner and wraps its model. */
  record Trainer(Learner inner) implements Learner {
    @Override
    public String name() {
      return "recording-" + inner.name();
    }

    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      return new RecordingTree((TreeModel) inner.train(data, seed, progress));
    }
  }

  public static final class Restorer implements ModelRestorer {
    @Override
    public String format() {
      return FORMAT;
    }

    @Override
    public Model restore(byte[] bytes) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        String format = in.readUTF();
        return new RecordingTree(
            (TreeModel) new ModelSnapshot(format, in.readAllBytes()).restore());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public List<Leaf> leaves() {
    return inner.leaves();
  }

  @Override
  public int numFeatures() {
    return inner.numFeatures();
  }

  @Override
  public int numClasses() {
    return inner.numClasses();
  }

  @Override
  public float[][] predictProba(float[][] x) {
    long start = System.nanoTime();
    float[][] p = inner.predictProba(x);
    String thread = Thread.currentThread().getName();
    if (thread.contains("counterfactual")) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    CALLS.add(new Call(thread, start, System.nanoTime()));
    return p;
  }

  @Override
  public ModelSnapshot snapshot() {
    ModelSnapshot s = inner.snapshot();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(s.format());
      out.write(s.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ModelSnapshot(FORMAT, bytes.toByteArray());
  }
}
