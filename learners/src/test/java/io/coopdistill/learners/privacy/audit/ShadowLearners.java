package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.model.TrainingProgress;
import io.coopdistill.learners.privacy.NearestRows;
import java.util.Arrays;

/** Learners at the two ends of memorisation, for the likelihood-ratio attack's tests. */
final class ShadowLearners {
  private ShadowLearners() {}

  /** How a learner's models use their training rows. */
  private enum Recall {
    /** Not at all: 0.6 for class 0 everywhere. */
    NONE,
    /** 1-nearest-neighbour: 0.9 for the class of the nearest training row, the rest spread. */
    NEAREST,
    /** 0.99 for a training row's class on the row itself, even odds anywhere else. */
    EXACT
  }

  /** A learner whose models ignore their training data. */
  static final Learner INDIFFERENT = new Recalling("indifferent", Recall.NONE);

  /** 1-nearest-neighbour: a training row always gets its own class. */
  static final Learner NEAREST_ROW = new Recalling("1-nn", Recall.NEAREST);

  /** A learner whose models learnt their rows by heart and nothing more. */
  static final Learner BY_HEART = new Recalling("by-heart", Recall.EXACT);

  private record Recalling(String name, Recall recall) implements Learner {
    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      return new Recalled(data, recall);
    }
  }

  private record Recalled(Dataset rows, Recall recall) implements Model {
    @Override
    public int numFeatures() {
      return rows.numFeatures();
    }

    @Override
    public int numClasses() {
      return rows.numClasses();
    }

    @Override
    public float[][] predictProba(float[][] x) {
      NearestRows nearest = new NearestRows(rows.features());
      int k = numClasses();
      float[][] p = new float[x.length][k];
      for (int n = 0; n < x.length; n++) {
        if (recall == Recall.NONE) {
          Arrays.fill(p[n], 0.4f / (k - 1));
          p[n][0] = 0.6f;
        } else if (recall == Recall.EXACT && nearest.distance(x[n]) > 0) {
          Arrays.fill(p[n], 1f / k);
        } else {
          float sure = recall == Recall.EXACT ? 0.99f : 0.9f;
          Arrays.fill(p[n], (1 - sure) / (k - 1));
          p[n][rows.label(nearest.nearest(x[n]))] = sure;
        }
      }
      return p;
    }

    @Override
    public ModelSnapshot snapshot() {
      throw new UnsupportedOperationException("a test model");
    }
  }
}
