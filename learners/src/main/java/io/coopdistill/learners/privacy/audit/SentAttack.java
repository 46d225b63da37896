package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.model.Model;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A membership attack on what a site sent, beside the distance attack: from the lessons its
 * students received (pooled: the students collude) and the teachers' snapshots they hold, it scores
 * any record, a higher score saying "member". The audit scores the site's instances and each {@link
 * Control}, sent as lessons, through the same attack.
 */
interface SentAttack {
  /** Its name under {@code attacks} in results.json. */
  String key();

  /**
   * Prepares the attack on {@code sent}; {@code teachers} holds every learner's model, indexed like
   * the learners (a lesson's teacher's among them), as the students received them.
   */
  Scorer against(List<Lesson> sent, List<Model> teachers);

  /** The attack, prepared. */
  interface Scorer {
    /** Each record's score; −∞ when nothing was sent. */
    double[] scores(float[][] records);
  }

  /**
   * The distinct instances of {@code sent} with their classes, in the order of their values: an
   * instance sent to several students tells the students nothing more than once, and the order the
   * lessons arrived in (which differs between runtimes) changes nothing.
   */
  static SortedMap<FloatBuffer, Integer> distinct(List<Lesson> sent) {
    SortedMap<FloatBuffer, Integer> distinct = new TreeMap<>();
    for (Lesson lesson : sent)
      for (int v = 0; v < lesson.size(); v++)
        distinct.putIfAbsent(FloatBuffer.wrap(lesson.features()[v]), lesson.labels()[v]);
    return distinct;
  }

  /**
   * The attacks the audit runs beside the distance attack, in the order they are reported, with α,
   * the teacher's influence in the quintessential target (which the students know).
   */
  static List<SentAttack> all(double alpha) {
    return List.of(new OutputSpaceAttack(alpha), new AnchorInversionAttack());
  }
}
