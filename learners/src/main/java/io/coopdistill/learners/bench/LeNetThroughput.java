package io.coopdistill.learners.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FashionMnist;
import io.coopdistill.learners.model.dl4j.CnnLearner;
import io.coopdistill.learners.model.dl4j.TrainingOptions;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Training throughput of the {@code cnn} learner on FashionMNIST, in images per second.
 *
 * <p>Arguments: {@code [images] [epochs] [models]} (defaults 6000, 2, 1). Trains {@code models}
 * CNNs at once, each in its own Java thread (as a simulation of several sites does), each on the
 * first {@code images} training images for {@code epochs} epochs without early stopping, after a
 * one-epoch warm-up on 1,000 images; prints the total images/s (wall clock) and images per CPU
 * second of the whole process (a figure less distorted by other load on the machine). The
 * architecture and batch size are the configured {@code coopdistill.learners.cnn} defaults,
 * overridable with {@code -Dcoopdistill.learners.cnn.KEY=VALUE}. Run it from the project root:
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl learners compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * OMP_NUM_THREADS=1 java -Xmx4g -Dorg.bytedeco.javacpp.cachedir=$PWD/.javacpp-cache \
 *   -Dconfig.file=$PWD/conf/application.conf -Dcoopdistill.root=$PWD \
 *   -Dlogback.configurationFile=$PWD/conf/logback-test.xml \
 *   -cp learners/target/classes:$(cat learners/target/classpath.txt) \
 *   io.coopdistill.learners.bench.LeNetThroughput 3000 1 1
 * </pre>
 */
public final class LeNetThroughput {
  private LeNetThroughput() {}

  public static void main(String[] args) throws Exception {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int models = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Config root = ConfigFactory.load();
    CnnLearner.Options configured = CnnLearner.Options.from(root.getConfig("coopdistill.learners.cnn"));
    CnnLearner learner = withoutEarlyStopping(configured, epochs);
    Dataset all = FashionMnist.load(root, FashionMnist.Part.TRAIN);
    Dataset data = all.subset("fashion-mnist/first-" + images, IntStream.range(0, images).toArray());

    // Warm-up: JIT, native library loading, oneDNN primitive caches.
    Dataset warmUp = data.subset("warm-up", IntStream.range(0, Math.min(images, 1000)).toArray());
    withoutEarlyStopping(configured, 1).train(warmUp, 1);

    ExecutorService pool = Executors.newFixedThreadPool(models);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<Future<?>> runs = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      long seed = m;
      runs.add(pool.submit(() -> learner.train(data, seed)));
    }
    for (Future<?> run : runs) run.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    pool.shutdown();
    double trained = (double) models * images * epochs;
    System.out.printf(Locale.ROOT, "cnn %s, batch %d: %d model(s) x %d images x %d epochs in %.1f s = %.0f images/s"
            + " (%.1f CPU s, %.0f images per CPU second)%n",
        configured.convolutionFilters() + "/k" + configured.kernelSize() + "/dense" + configured.denseUnits(),
        configured.training().batchSize(), models, images, epochs, seconds, trained / seconds, cpuSeconds,
        trained / cpuSeconds);
  }

  /** The configured CNN trained for exactly {@code epochs} epochs on all rows. */
  private static CnnLearner withoutEarlyStopping(CnnLearner.Options o, int epochs) {
    TrainingOptions t = o.training();
    return new CnnLearner(new CnnLearner.Options(o.convolutionFilters(), o.kernelSize(), o.denseUnits(), o.activation(),
        new TrainingOptions(t.learningRate(), t.batchSize(), epochs, 1, 0)));
  }
}
