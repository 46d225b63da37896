package io.coopdistill.simulation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coopdistill.learners.distill.round.DistillationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One finished unit of a run, a method on a seed, as checkpointed.
 *
 * @param notApplicable why the method cannot apply to this trial (Table 1's N/A), or null
 * @param accuracy test accuracy per agent; empty when not applicable
 * @param balancedAccuracy balanced test accuracy per agent; empty when not applicable, null in
 *     checkpoints of older versions, which did not record it
 * @param distillation the (first) round's accounting for methods that distil, else null
 * @param laterRounds rounds 2, 3, ... of a method that ran several (its accuracy is the last
 *     one's); else empty
 * @param seconds wall time of the unit
 * @param gitCommit the code that ran it ({@link Results#gitCommit}): a resumed run may span commits
 */
public record UnitResult(
    String method,
    long seed,
    String notApplicable,
    double[] accuracy,
    double[] balancedAccuracy,
    DistillationResult distillation,
    List<DistillationResult> laterRounds,
    double seconds,
    String gitCommit) {

  /** Every round the unit ran, first to last; empty for a method that does not distil. */
  List<DistillationResult> rounds() {
    List<DistillationResult> all = new ArrayList<>();
    if (distillation != null) all.add(distillation);
    all.addAll(laterRounds);
    return all;
  }

  ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("method", method);
    n.put("seed", seed);
    if (notApplicable != null) n.put("not_applicable", notApplicable);
    n.set("accuracy", Json.array(accuracy));
    if (balancedAccuracy != null) n.set("balanced_accuracy", Json.array(balancedAccuracy));
    if (distillation != null) n.set("distillation", Json.of(distillation));
    laterRounds.forEach(r -> n.withArray("later_rounds").add(Json.of(r)));
    n.put("seconds", seconds);
    n.put("git_commit", gitCommit);
    return n;
  }

  /**
   * @param startCommit the run's commit at its start, for checkpoints written before units recorded
   *     theirs
   */
  static UnitResult fromJson(JsonNode n, String startCommit) {
    return new UnitResult(
        n.get("method").asText(),
        n.get("seed").asLong(),
        n.hasNonNull("not_applicable") ? n.get("not_applicable").asText() : null,
        Json.doubles(n.get("accuracy")),
        n.hasNonNull("balanced_accuracy") ? Json.doubles(n.get("balanced_accuracy")) : null,
        n.hasNonNull("distillation") ? Json.distillationResult(n.get("distillation")) : null,
        laterRounds(n),
        n.get("seconds").asDouble(),
        n.hasNonNull("git_commit") ? n.get("git_commit").asText() : startCommit);
  }

  private static List<DistillationResult> laterRounds(JsonNode n) {
    List<DistillationResult> rounds = new ArrayList<>();
    n.path("later_rounds").forEach(r -> rounds.add(Json.distillationResult(r)));
    return rounds;
  }
}
