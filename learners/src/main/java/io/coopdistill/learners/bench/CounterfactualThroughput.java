package io.coopdistill.learners.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FashionMnist;
import io.coopdistill.learners.distill.SetCover;
import io.coopdistill.learners.distill.counterfactual.Counterfactual;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.Method;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.distill.counterfactual.QuintessentialTarget;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TreeModel;
import io.coopdistill.learners.model.dl4j.CnnLearner;
import io.coopdistill.learners.model.dl4j.TrainingOptions;
import io.coopdistill.learners.model.smile.CartLearner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Counterfactual search and set cover throughput on FashionMNIST, in instances per second.
 *
 * <p>Arguments: {@code [train-images] [rows] [single-rows] [cover-points]} (defaults 3000, 200, 10,
 * 10000). Trains the configured LeNet ({@code coopdistill.learners.cnn}, 2 epochs) and the
 * configured CART on the first {@code train-images} training images; takes {@code rows} test images
 * each model classifies right with confidence at most 0.9; then times (1) the gradient search on
 * the LeNet with the 50% pixel mask, all rows in one batch vs {@code single-rows} rows one at a
 * time, (2) tree-exact vs PSO on the CART, and (3) a one-class set cover of {@code cover-points}
 * training images (784 dimensions). Search settings are the configured defaults.
 */
public final class CounterfactualThroughput {
  private CounterfactualThroughput() {}

  public static void main(String[] args) {
    int trainImages = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int singleRows = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int coverPoints = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    Config root = ConfigFactory.load();
    CounterfactualOptions options = CounterfactualOptions.fromConfig(root);
    Dataset train = FashionMnist.load(root, FashionMnist.Part.TRAIN);
    Dataset test = FashionMnist.load(root, FashionMnist.Part.TEST);
    Dataset data = train.subset("train", IntStream.range(0, trainImages).toArray());

    CnnLearner.Options cnn = CnnLearner.Options.from(root.getConfig("coopdistill.learners.cnn"));
    TrainingOptions t = cnn.training();
    Model lenet = new CnnLearner(new CnnLearner.Options(cnn.convolutionFilters(), cnn.kernelSize(), cnn.denseUnits(),
        cnn.activation(), new TrainingOptions(t.learningRate(), t.batchSize(), 2, 1, 0))).train(data, 1);
    CounterfactualGenerator gradient = new CounterfactualGenerator(options.withMethod(Method.AUTO));
    PixelMask mask = gradient.pixelMask(data).orElseThrow();
    Dataset sources = teachable(lenet, test, rows);
    gradient.generate(lenet, null, data.schema(), head(sources, 5).features(), head(sources, 5).labels(), mask, 0); // warm-up
    double batched = timeGeneration("LeNet gradient, batch of " + rows, gradient, lenet, sources, mask);
    Dataset few = head(sources, singleRows);
    long start = System.nanoTime();
    int ok = 0;
    for (int n = 0; n < few.size(); n++) {
      ok += gradient.generate(lenet, null, data.schema(), new float[][] {few.row(n)}, new int[] {few.label(n)}, mask, n)
          .get(0).success() ? 1 : 0;
    }
    double single = few.size() / ((System.nanoTime() - start) / 1e9);
    System.out.printf(Locale.ROOT, "LeNet gradient, one row at a time: %d rows, %d succeeded, %.2f instances/s%n", few.size(), ok, single);
    System.out.printf(Locale.ROOT, "batched / one at a time: %.1fx per instance%n", batched / single);

    Model cart = new CartLearner(CartLearner.Options.from(root.getConfig("coopdistill.learners.cart"))).train(data, 1);
    Dataset treeSources = teachable(cart, test, rows);
    System.out.printf(Locale.ROOT, "CART: %d leaves; %d of %d rows have a leaf whose posterior reaches y' (ignoring the mask)%n",
        ((TreeModel) cart).leaves().size(), reachable((TreeModel) cart, treeSources, options), treeSources.size());
    timeGeneration("CART tree-exact, " + rows + " rows", new CounterfactualGenerator(options.withMethod(Method.TREE_EXACT)), cart, treeSources, mask);
    Dataset psoSources = head(treeSources, Math.min(rows, 40));
    timeGeneration("CART pso, " + psoSources.size() + " rows", new CounterfactualGenerator(options.withMethod(Method.PSO)), cart, psoSources, mask);

    float[][] points = Arrays.copyOf(train.features(), Math.min(coverPoints, train.size()));
    SetCover.Options cover = SetCover.Options.fromConfig(root);
    SetCover.keep(Arrays.copyOf(points, 500), new int[500], cover); // warm-up
    start = System.nanoTime();
    int kept = SetCover.keep(points, new int[points.length], cover).length;
    System.out.printf(Locale.ROOT, "set cover of %d points x %d dims (one class): kept %d in %.1f s%n", points.length,
        points[0].length, kept, (System.nanoTime() - start) / 1e9);
  }

  private static double timeGeneration(String what, CounterfactualGenerator generator, Model model, Dataset sources, PixelMask mask) {
    long start = System.nanoTime();
    List<Counterfactual> results = generator.generate(model, null, sources.schema(), sources.features(), sources.labels(), mask, 1);
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = results.stream().filter(Counterfactual::success).count();
    double iterations = results.stream().mapToInt(Counterfactual::iterations).average().orElse(0);
    double l1 = results.stream().filter(Counterfactual::success).mapToDouble(Counterfactual::l1Distance).average().orElse(0);
    System.out.printf(Locale.ROOT, "%s: %d succeeded, mean iterations %.0f, mean L1 of successes %.2f, %.1f s = %.2f instances/s%n",
        what, ok, iterations, l1, seconds, results.size() / seconds);
    return results.size() / seconds;
  }

  /** Up to {@code count} test rows the model gets right with confidence at most 0.9 (room to teach). */
  private static Dataset teachable(Model model, Dataset test, int count) {
    float[][] p = model.predictProba(test.features());
    List<Integer> picked = new ArrayList<>();
    int[] predicted = model.predict(test.features());
    for (int n = 0; n < test.size() && picked.size() < count; n++) {
      if (predicted[n] == test.label(n) && p[n][test.label(n)] <= 0.9) picked.add(n);
    }
    return test.subset("teachable", picked.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int reachable(TreeModel tree, Dataset sources, CounterfactualOptions options) {
    QuintessentialTarget target = QuintessentialTarget.of(tree.predictProba(sources.features()), sources.labels(),
        options.alpha(), options.epsilon());
    int count = 0;
    for (int n = 0; n < sources.size(); n++) {
      final int row = n;
      if (tree.leaves().stream().anyMatch(leaf -> target.reached(row, leaf.posterior()))) count++;
    }
    return count;
  }

  private static Dataset head(Dataset data, int count) {
    return data.subset(data.name(), IntStream.range(0, Math.min(count, data.size())).toArray());
  }
}
