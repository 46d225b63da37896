package io.coopdistill.simulation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.counterfactual.Counterfactual;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions;
import io.coopdistill.learners.distill.counterfactual.PixelMask;
import io.coopdistill.learners.distill.expertise.Deficiency;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.distill.round.TeacherChoice;
import io.coopdistill.learners.distill.round.TeachingPlan;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.learners.privacy.SitePrivacy;
import io.coopdistill.simulation.scenario.Trial;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A sample of (source row, counterfactual) pairs for the paper's Figs. 4 and 6: what the most
 * deficient student (lowest baseline accuracy) is taught on one trial. The engine does not hand out
 * source rows with its lessons, so the sample is searched again here, per site and teacher, with
 * the run's counterfactual options and the trial's baseline models, limited to a few rows per pair.
 * Each pair's source row {@code x} is a private row of a site: results.json gets the sample {@link
 * #withoutPrivateRows}, and the whole sample goes to its own file beside it ({@link
 * SimulationRunner#PRIVATE_ILLUSTRATION}) for the charts.
 */
final class Illustration {
  static final String PATH = "coopdistill.simulation.illustration";

  private Illustration() {}

  /**
   * @param progress the search, site by site, as the counterfactuals phase
   */
  static ObjectNode sample(
      Trial trial,
      List<Model> baseline,
      double[] baselineAccuracy,
      Config root,
      RoundPhase.Listener progress) {
    Config c = root.getConfig(PATH);
    int perPair = c.getInt("rows-per-pair");
    int student = 0;
    for (int i = 1; i < baselineAccuracy.length; i++)
      if (baselineAccuracy[i] < baselineAccuracy[student]) student = i;
    CounterfactualGenerator generator =
        new CounterfactualGenerator(CounterfactualOptions.fromConfig(root));
    DistillationOptions options = DistillationOptions.fromConfig(root).withPairBudget(perPair);
    Dataset any = trial.test();
    ObjectNode n = Json.object();
    n.put("seed", trial.seed());
    n.put("student", trial.sites().get(student).name());
    n.set("features", Json.strings(any.schema().columns()));
    n.set("classes", Json.strings(any.classNames()));
    n.put("image", any.schema().image().isPresent());
    ArrayNode pairs = n.putArray("pairs");
    int sites = trial.sites().size();
    // The round's plan: in a many-agent round only the student's candidate teachers find its
    // deficiencies (each at its own site), and its chosen teachers teach it.
    TeachingPlan plan = TeachingPlan.of(sites, options.manyAgents(), trial.seed());
    int[] teaching =
        plan.allPairs() ? IntStream.range(0, sites).toArray() : plan.candidatesOf(student);
    Map<Integer, SiteTeaching.Deficiencies> found = new TreeMap<>();
    for (int site : teaching)
      found.put(
          site,
          SiteTeaching.identify(
              site, trial.sites().get(site).data(), baseline, plan, options, trial.seed()));
    TeacherChoice choice =
        plan.choose(found.values().stream().flatMap(f -> f.reports().stream()).toList());
    progress.progress(RoundPhase.COUNTERFACTUALS, 0, teaching.length);
    int done = 0;
    for (int site : teaching) {
      Dataset data = trial.sites().get(site).data();
      Set<FloatBuffer> privateRows = new HashSet<>();
      for (float[] row : data.features()) privateRows.add(FloatBuffer.wrap(row));
      // Under the configured guard, like the instances the round sends.
      SitePrivacy guard = SitePrivacy.of(data, PrivacyOptions.fromConfig(root));
      for (Deficiency r : found.get(site).budgeted()) {
        if (r.student() != student || r.rows().length == 0 || !choice.teaches(r.teacher(), student))
          continue;
        Dataset source = data.subset(data.name(), r.rows());
        PixelMask mask = generator.pixelMask(trial.sites().get(r.teacher()).data()).orElse(null);
        List<Counterfactual> counterfactuals =
            generator.generate(
                baseline.get(r.teacher()),
                baseline.get(student),
                data.schema(),
                source.features(),
                source.labels(),
                mask,
                guard,
                trial.seed() + site);
        for (int k = 0; k < counterfactuals.size(); k++) {
          // A virtual instance equal to a private row would publish that row: the engine drops it
          // too.
          if (!counterfactuals.get(k).usable()
              || privateRows.contains(FloatBuffer.wrap(counterfactuals.get(k).x()))) continue;
          ObjectNode pair = pairs.addObject();
          pair.put("teacher", trial.sites().get(r.teacher()).name());
          pair.put("label", source.label(k));
          pair.set("x", Json.array(source.row(k)));
          pair.set("virtual", Json.array(counterfactuals.get(k).x()));
        }
      }
      progress.progress(RoundPhase.COUNTERFACTUALS, ++done, teaching.length);
    }
    return n;
  }

  /**
   * The sample without its source rows: what may be published (virtual instances travel between
   * sites anyway).
   */
  static ObjectNode withoutPrivateRows(JsonNode sample) {
    ObjectNode copy = sample.deepCopy();
    copy.get("pairs").forEach(pair -> ((ObjectNode) pair).remove("x"));
    return copy;
  }
}
