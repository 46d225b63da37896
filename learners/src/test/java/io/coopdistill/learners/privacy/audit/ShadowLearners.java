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

  /** A learner whose models ignore their training data: 0.6 for class 0 everywhere. */
  static final Learner INDIFFERENT =
      new Learner() {
        @Override
        public String name() {
          return "indifferent";
        }

        @Override
        public Model train(Dataset data, long seed, TrainingProgress progress) {
          return new Fixed(data.numFeatures(), data.numClasses(), null);
        }
      };

  /**
   * 1-nearest-neighbour: sure of the class of the nearest training row (0.9, the rest spread), so a
   * training row's own class always.
   */
  static final Learner NEAREST_ROW =
      new Learner() {
        @Override
        public String name() {
          return "1-nn";
        }

        @Override
        public Model train(Dataset data, long seed, TrainingProgress progress) {
          return new Fixed(data.numFeatures(), data.numClasses(), data);
        }
      };

  /**
   * Sure (0.99) of a training row's class on the row itself, even odds anywhere else: it learnt its
   * rows by heart and nothing more.
   */
  static final Learner BY_HEART =
      new Learner() {
        @Override
        public String name() {
          return "by-heart";
        }

        @Override
        public Model train(Dataset data, long seed, TrainingProgress progress) {
          return new Fixed(data.numFeatures(), data.numClasses(), data, true);
        }
      };

  /**
   * The model of the learners: {@code rows} null for the indifferent one; {@code exactOnly}: only a
   * training row itself gets its class.
   */
  private record Fixed(int numFeatures, int numClasses, Dataset rows, boolean exactOnly)
      implements Model {
    Fixed(int numFeatures, int numClasses, Dataset rows) {
      this(numFeatures, numClasses, rows, false);
    }

    @Override
    public float[][] predictProba(float[][] x) {
      NearestRows nearest = rows == null ? null : new NearestRows(rows.features());
      float[][] p = new float[x.length][numClasses];
      for (int n = 0; n < x.length; n++) {
        if (nearest == null) {
          p[n][0] = 0.6f;
          for (int c = 1; c < numClasses; c++) p[n][c] = 0.4f / (numClasses - 1);
        } else if (exactOnly && nearest.distance(x[n]) > 0) {
          Arrays.fill(p[n], 1f / numClasses);
        } else {
          float sure = exactOnly ? 0.99f : 0.9f;
          Arrays.fill(p[n], (1 - sure) / (numClasses - 1));
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
