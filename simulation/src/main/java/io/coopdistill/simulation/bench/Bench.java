package io.coopdistill.simulation.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FashionMnist;
import io.coopdistill.learners.distill.counterfactual.Counterfactual;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.Method;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.distill.counterfactual.SearchGuard;
import io.coopdistill.learners.distill.curriculum.SetCover;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.dl4j.CnnLearner;
import io.coopdistill.learners.model.dl4j.OffHeapLimit;
import io.coopdistill.learners.model.dl4j.TrainingOptions;
import io.coopdistill.learners.model.smile.CartLearner;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.learners.privacy.SitePrivacy;
import io.coopdistill.simulation.run.Json;
import io.coopdistill.simulation.run.ResidentMemoryWatch;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopdistill bench}: this machine's speed at what a FashionMNIST run spends its time on,
 * with the configured learners and search. Sizes are in {@code conf/bench.conf}.
 */
@Command(
    name = "bench",
    description =
        "Measure this machine on FashionMNIST: LeNet training images/s per core, counterfactual "
            + "search instances/s and instance-steps/s with success rate and median L1 change (unguarded and under the configured privacy guard), "
            + "tree-exact search, set cover.")
public final class Bench implements Callable<Integer> {
  static final String PATH = "coopdistill.bench";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "print one JSON object instead of a line per measurement")
  boolean json;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override a configuration key (coopdistill.*)")
  List<String> sets = new ArrayList<>();

  /** The sizes of one bench; see {@code conf/bench.conf}. */
  record Sizes(
      int models,
      int images,
      int epochs,
      int warmUpImages,
      int teacherImages,
      int teacherEpochs,
      int rows,
      int setCoverPoints) {
    Sizes {
      positive("training.models", models);
      positive("training.images", images);
      positive("training.epochs", epochs);
      positive("training.warm-up-images", warmUpImages);
      positive("counterfactual.teacher-images", teacherImages);
      positive("counterfactual.teacher-epochs", teacherEpochs);
      positive("counterfactual.rows", rows);
      if (setCoverPoints < 2)
        throw new IllegalArgumentException(
            PATH + ".set-cover.points must be at least 2, got " + setCoverPoints);
    }

    private static void positive(String key, int value) {
      if (value < 1)
        throw new IllegalArgumentException(PATH + "." + key + " must be at least 1, got " + value);
    }

    static Sizes from(Config root) {
      return ConfigSections.read(
          root,
          PATH,
          c ->
              new Sizes(
                  c.getInt("training.models"),
                  c.getInt("training.images"),
                  c.getInt("training.epochs"),
                  c.getInt("training.warm-up-images"),
                  c.getInt("counterfactual.teacher-images"),
                  c.getInt("counterfactual.teacher-epochs"),
                  c.getInt("counterfactual.rows"),
                  c.getInt("set-cover.points")));
    }
  }

  @Override
  public Integer call() throws Exception {
    Config root = ScenarioConfig.application(sets);
    Sizes sizes = Sizes.from(root);
    CnnLearner.Options cnn = CnnLearner.Options.from(root.getConfig("coopdistill.learners.cnn"));
    CounterfactualOptions search = CounterfactualOptions.fromConfig(root);
    SetCover.Options cover = SetCover.Options.fromConfig(root);
    CartLearner cart =
        new CartLearner(CartLearner.Options.from(root.getConfig("coopdistill.learners.cart")));
    PrivacyOptions privacy = PrivacyOptions.fromConfig(root);
    Dataset train = FashionMnist.load(root, FashionMnist.Part.TRAIN);
    Dataset test = FashionMnist.load(root, FashionMnist.Part.TEST);
    int largest =
        Math.max(
            Math.max(sizes.images(), sizes.warmUpImages()),
            Math.max(sizes.teacherImages(), sizes.setCoverPoints()));
    if (largest > train.size()) {
      throw new IllegalArgumentException(
          PATH
              + " asks for "
              + largest
              + " training images, but "
              + root.getString(FashionMnist.DIRECTORY_KEY)
              + " holds "
              + train.size());
    }
    OffHeapLimit.apply(root);
    ResidentMemoryWatch.start(root);

    PrintWriter out = spec.commandLine().getOut();
    ObjectNode result = Json.object();
    ObjectNode machine = result.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put(
        "load_average_at_start",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    machine.put("java", System.getProperty("java.version"));

    ObjectNode training = training(result.putObject("training"), cnn, train, sizes);
    if (!json) {
      out.printf(
          Locale.ROOT,
          "training: %d LeNet(s) in parallel threads, %d images x %d epoch(s), batch %d: %.0f images/s = %.0f per core "
              + "(%.0f per CPU second)%n",
          sizes.models(),
          sizes.images(),
          sizes.epochs(),
          cnn.training().batchSize(),
          training.get("images_per_second").asDouble(),
          training.get("images_per_second_per_core").asDouble(),
          training.get("images_per_cpu_second").asDouble());
    }

    Dataset teacherData = head(train, sizes.teacherImages());
    Model lenet = fixedEpochs(cnn, sizes.teacherEpochs()).train(teacherData, 1);
    CounterfactualGenerator gradient =
        new CounterfactualGenerator(search.withMethod(Method.GRADIENT));
    PixelMask mask = gradient.pixelMask(teacherData).orElse(null);
    Dataset sources = teachable(lenet, test, sizes.rows());
    gradient.generate(
        lenet,
        null,
        teacherData.schema(),
        head(sources, 5).features(),
        head(sources, 5).labels(),
        mask,
        0); // warm-up
    ObjectNode counterfactual =
        searched(
            result.putObject("counterfactual"), gradient, lenet, sources, mask, SearchGuard.NONE);
    if (!json)
      out.println(
          line(
              "counterfactual search (gradient, LeNet on " + sizes.teacherImages() + " images)",
              counterfactual));
    // The same rows under the configured guard, the teacher's training images as the site's private
    // rows.
    String guardName = ConfigEnums.name(privacy.guard());
    ObjectNode guarded = result.putObject("counterfactual_guarded");
    guarded.put("guard", guardName);
    if (privacy.guard() == PrivacyOptions.Guard.ANCHOR_MEAN) guarded.put("k", privacy.k());
    searched(guarded, gradient, lenet, sources, mask, SitePrivacy.of(teacherData, privacy));
    if (!json) out.println(line("  the same with the privacy guard " + guardName, guarded));

    Model tree = cart.train(teacherData, 1);
    ObjectNode treeExact =
        searched(
            result.putObject("tree_exact"),
            new CounterfactualGenerator(search.withMethod(Method.TREE_EXACT)),
            tree,
            teachable(tree, test, sizes.rows()),
            mask,
            SearchGuard.NONE);
    if (!json) out.println(line("tree-exact search (CART)", treeExact));

    ObjectNode setCover =
        setCover(result.putObject("set_cover"), train, sizes.setCoverPoints(), cover);
    if (!json) {
      out.printf(
          Locale.ROOT,
          "set cover: %d points x %d dimensions (one class), kept %d, in %.2f s%n",
          sizes.setCoverPoints(),
          train.numFeatures(),
          setCover.get("kept").asInt(),
          setCover.get("seconds").asDouble());
    } else {
      out.println(Json.MAPPER.writeValueAsString(result));
    }
    return 0;
  }

  /**
   * k models trained at once, one thread each, after a warm-up; images per second of the wall clock
   * and of CPU time.
   */
  private static ObjectNode training(
      ObjectNode into, CnnLearner.Options cnn, Dataset train, Sizes sizes) throws Exception {
    Dataset data = head(train, sizes.images());
    fixedEpochs(cnn, 1).train(head(train, sizes.warmUpImages()), 1);
    CnnLearner learner = fixedEpochs(cnn, sizes.epochs());
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(sizes.models());
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    try {
      List<Future<Model>> runs = new ArrayList<>();
      for (int m = 0; m < sizes.models(); m++) {
        long seed = m;
        runs.add(pool.submit(() -> learner.train(data, seed)));
      }
      for (Future<Model> run : runs) run.get();
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    double images = (double) sizes.models() * sizes.images() * sizes.epochs();
    int cores = Math.min(sizes.models(), Runtime.getRuntime().availableProcessors());
    into.put("models", sizes.models());
    into.put("images", sizes.images());
    into.put("epochs", sizes.epochs());
    into.put("batch_size", cnn.training().batchSize());
    into.put("seconds", seconds);
    into.put("images_per_second", images / seconds);
    into.put("cores", cores);
    into.put("images_per_second_per_core", images / seconds / cores);
    into.put("images_per_cpu_second", images / cpuSeconds);
    return into;
  }

  /**
   * One search call over all {@code sources} under {@code guard}, timed (building the guard is
   * not).
   */
  private static ObjectNode searched(
      ObjectNode into,
      CounterfactualGenerator generator,
      Model model,
      Dataset sources,
      PixelMask mask,
      SearchGuard guard) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<Counterfactual> results =
        generator.generate(
            model, null, sources.schema(), sources.features(), sources.labels(), mask, guard, 1);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    long steps = results.stream().mapToLong(Counterfactual::iterations).sum();
    double[] l1 =
        results.stream()
            .filter(Counterfactual::success)
            .mapToDouble(Counterfactual::l1Distance)
            .sorted()
            .toArray();
    into.put("rows", results.size());
    into.put("seconds", seconds);
    into.put("instances_per_second", results.size() / seconds);
    into.put("instance_steps_per_second", steps / seconds);
    into.put("instance_steps_per_cpu_second", steps / cpuSeconds);
    into.put("mean_steps", results.isEmpty() ? 0 : (double) steps / results.size());
    into.put("success_rate", results.isEmpty() ? 0 : (double) l1.length / results.size());
    into.put(
        "median_l1",
        l1.length == 0
            ? Double.NaN
            : l1.length % 2 == 1
                ? l1[l1.length / 2]
                : (l1[l1.length / 2 - 1] + l1[l1.length / 2]) / 2);
    return into;
  }

  private static String line(String what, ObjectNode m) {
    return String.format(
        Locale.ROOT,
        "%s: %d rows in %.2f s = %.1f instances/s, %.1f steps each = %.0f instance-steps/s "
            + "(%.0f per CPU second), success %.1f%%, median L1 %.2f",
        what,
        m.get("rows").asInt(),
        m.get("seconds").asDouble(),
        m.get("instances_per_second").asDouble(),
        m.get("mean_steps").asDouble(),
        m.get("instance_steps_per_second").asDouble(),
        m.get("instance_steps_per_cpu_second").asDouble(),
        100 * m.get("success_rate").asDouble(),
        m.get("median_l1").asDouble());
  }

  private static ObjectNode setCover(
      ObjectNode into, Dataset train, int points, SetCover.Options cover) {
    float[][] rows = Arrays.copyOf(train.features(), points);
    SetCover.keep(
        Arrays.copyOf(rows, Math.min(points, 500)),
        new int[Math.min(points, 500)],
        cover); // warm-up
    long start = System.nanoTime();
    int kept = SetCover.keep(rows, new int[points], cover).length;
    into.put("points", points);
    into.put("dimensions", train.numFeatures());
    into.put("kept", kept);
    into.put("seconds", (System.nanoTime() - start) / 1e9);
    return into;
  }

  /**
   * Up to {@code count} test rows the model gets right with confidence at most 0.9 (room to teach).
   */
  private static Dataset teachable(Model model, Dataset test, int count) {
    float[][] p = model.predictProba(test.features());
    List<Integer> picked = new ArrayList<>();
    for (int n = 0; n < test.size() && picked.size() < count; n++) {
      if (Model.argmax(p[n]) == test.label(n) && p[n][test.label(n)] <= 0.9) picked.add(n);
    }
    return test.subset("teachable", picked.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The configured CNN trained for exactly {@code epochs} epochs on all rows (no early stopping).
   */
  private static CnnLearner fixedEpochs(CnnLearner.Options o, int epochs) {
    TrainingOptions t = o.training();
    return new CnnLearner(
        new CnnLearner.Options(
            o.convolutionFilters(),
            o.kernelSize(),
            o.denseUnits(),
            o.activation(),
            new TrainingOptions(t.learningRate(), t.batchSize(), epochs, 1, 0)));
  }

  private static Dataset head(Dataset data, int count) {
    return data.subset(data.name(), IntStream.range(0, Math.min(count, data.size())).toArray());
  }
}
