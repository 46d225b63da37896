package io.coopdistill.simulation.methods;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idealised topline ("pooled data" in Table 1): each learner trained on the union of every
 * learner's training data, which cooperation without sharing rows can at best approach; it selects
 * its model on its own rows' validation split, as its baseline does. Agents that share one learner
 * (the same architecture and options, as the copies of {@code scenario.learner} do) would train on
 * the same pooled rows, differing only by seed: one model is trained for them, with the first such
 * agent's seed, and stands for all of them.
 */
final class PooledMethod implements Method {
  private static final Logger LOG = LoggerFactory.getLogger(PooledMethod.class);

  @Override
  public String name() {
    return "pooled";
  }

  @Override
  public MethodOutcome run(TrialRun run, RoundPhase.Listener progress) {
    Trial trial = run.trial();
    List<Site> sites = trial.sites();
    // The first agent of each distinct learner (by identity) trains; the others take its model.
    Map<Learner, Integer> modelOf = new IdentityHashMap<>();
    List<Integer> trainingAgents = new ArrayList<>();
    int[] model = new int[sites.size()];
    for (int i = 0; i < sites.size(); i++) {
      int agent = i;
      model[i] =
          modelOf.computeIfAbsent(
              sites.get(i).learner(),
              l -> {
                trainingAgents.add(agent);
                return trainingAgents.size() - 1;
              });
    }
    List<Model> models =
        TrialModels.forEachLearner(
            trainingAgents.size(),
            RoundPhase.RETRAINING,
            progress,
            m -> {
              int agent = trainingAgents.get(m);
              // One model on every agent's rows trains for minutes: its epochs go to the log.
              Learner learner =
                  trial.models().of(sites.get(agent).name(), sites.get(agent).learner());
              return learner.train(
                  pooled(sites, agent),
                  TrialModels.trainingSeed(trial, agent),
                  (epoch, most, loss, validation) ->
                      LOG.info(
                          "seed {} pooled, model of {}: epoch {} of at most {}, training loss {}, validation accuracy {}",
                          trial.seed(),
                          sites.get(agent).name(),
                          epoch,
                          most,
                          String.format("%.4f", loss),
                          String.format("%.4f", validation)));
            });
    MethodOutcome distinct = TrialModels.evaluate(trial, models, progress);
    double[] accuracy = new double[sites.size()];
    double[] balanced = new double[sites.size()];
    for (int i = 0; i < accuracy.length; i++) {
      accuracy[i] = distinct.accuracy()[model[i]];
      balanced[i] = distinct.balancedAccuracy()[model[i]];
    }
    return new MethodOutcome(accuracy, balanced, null);
  }

  /**
   * Every agent's rows, the training agent's own first; the others' only train, so that the model
   * is selected on the same rows of the agent as its baseline.
   */
  static Dataset pooled(List<Site> sites, int agent) {
    Dataset pooled = sites.get(agent).data();
    for (int i = 0; i < sites.size(); i++) {
      if (i != agent) pooled = pooled.withTrainingOnly("pooled", sites.get(i).data());
    }
    return pooled;
  }
}
