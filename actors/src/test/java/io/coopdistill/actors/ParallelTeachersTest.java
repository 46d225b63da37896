package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ten sites: the teachers' counterfactual searches run on the dedicated dispatcher, on every core,
 * overlapping.
 */
class ParallelTeachersTest {

  @Test
  void tenLearnersTeachInParallelOnTheCounterfactualDispatcher() {
    Config config = ConfigFactory.load();
    Learner tree =
        new RecordingTree.Trainer(
            Learners.create(ConfigFactory.parseString("type = cart, max-depth = 3"), config));
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < 10; i++)
      sites.add(new Site("site" + i, tree, Blobs.generate("site" + i, 4, 45, 0.2, 7, i)));
    RecordingTree.CALLS.clear();
    Supervisor.Completed run =
        ActorRuntime.run(config, sites, Blobs.generate("test", 4, 90, 0.2, 7, 99), 1, 1, p -> {});

    DistillationResult result = run.rounds().get(0);
    assertTrue(
        result.counts().of(Count.SEARCHED).total() > 50,
        "searches ran: " + result.counts().of(Count.SEARCHED).total());
    List<RecordingTree.Call> calls = new ArrayList<>(RecordingTree.CALLS);
    List<RecordingTree.Call> searches =
        calls.stream()
            .filter(c -> c.thread().contains("coopdistill.dispatchers.counterfactual"))
            .toList();
    Set<String> threads =
        searches.stream().map(RecordingTree.Call::thread).collect(Collectors.toSet());
    int cores = Math.min(2, Runtime.getRuntime().availableProcessors());
    assertTrue(threads.size() >= cores, "searches ran on " + threads);
    // One core gives the dispatcher one thread: nothing can overlap.
    if (cores >= 2)
      assertTrue(overlapping(searches), "no two searches on different threads overlapped in time");
    for (RecordingTree.Call c : calls) {
      assertTrue(
          c.thread().contains("coopdistill.dispatchers."),
          "a model was used on " + c.thread() + ", not a dedicated dispatcher");
    }
    assertEquals(
        calls.size() - searches.size(),
        calls.stream()
            .filter(c -> c.thread().contains("coopdistill.dispatchers.training"))
            .count());
  }

  private static boolean overlapping(List<RecordingTree.Call> calls) {
    for (RecordingTree.Call a : calls) {
      for (RecordingTree.Call b : calls) {
        if (!a.thread().equals(b.thread()) && a.start() < b.end() && b.start() < a.end())
          return true;
      }
    }
    return false;
  }
}
