package io.coopdistill.learners.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FashionMnist;
import io.coopdistill.learners.model.dl4j.CnnLearner;
import io.coopdistill.learners.model.dl4j.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Training throughput of the {@code cnn} learner on FashionMNIST, in images per second.
 *
 * <p>Arguments: {@code [images] [epochs] [models]} (defaults 6000, 2, 1). Trains {@code models}
 * CNNs at once, each in its own Java thread (as a simulation of several sites does), each on the
 * first {@code images} training images for {@code epochs} epochs without early stopping, after a
 * short warm-up; prints total images/s. The architecture and batch size are the configured
 * {@code coopdistill.learners.cnn} defaults, overridable with {@code -Dcoopdistill.learners.cnn.KEY=VALUE}.
 * How to run it, and the figures measured: see {@code docs/performance.md}... or the class's commit.
 */
public final class LeNetThroughput {
  private LeNetThroughput() {}

  public static void main(String[] args) throws Exception {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int models = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Config root = ConfigFactory.load();
    CnnLearner.Options configured = CnnLearner.Options.from(root.getConfig("coopdistill.learners.cnn"));
    TrainingOptions t = configured.training();
    CnnLearner learner = new CnnLearner(new CnnLearner.Options(configured.convolutionFilters(), configured.kernelSize(),
        configured.denseUnits(), configured.activation(), new TrainingOptions(t.learningRate(), t.batchSize(), epochs, 1, 0)));
    Dataset all = FashionMnist.load(root, FashionMnist.Part.TRAIN);
    Dataset data = all.subset("fashion-mnist/first-" + images, java.util.stream.IntStream.range(0, images).toArray());

    // Warm-up: JIT, native library loading, oneDNN primitive caches.
    Dataset warmUp = data.subset("warm-up", java.util.stream.IntStream.range(0, Math.min(images, 1000)).toArray());
    new CnnLearner(new CnnLearner.Options(configured.convolutionFilters(), configured.kernelSize(), configured.denseUnits(),
        configured.activation(), new TrainingOptions(t.learningRate(), t.batchSize(), 1, 1, 0))).train(warmUp, 1);

    ExecutorService pool = Executors.newFixedThreadPool(models);
    long start = System.nanoTime();
    List<Future<?>> runs = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      long seed = m;
      runs.add(pool.submit(() -> learner.train(data, seed)));
    }
    for (Future<?> run : runs) run.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    System.out.printf(Locale.ROOT, "cnn %s, batch %d: %d model(s) x %d images x %d epochs in %.1f s = %.0f images/s%n",
        configured.convolutionFilters() + "/k" + configured.kernelSize() + "/dense" + configured.denseUnits(),
        t.batchSize(), models, images, epochs, seconds, (double) models * images * epochs / seconds);
  }
}
