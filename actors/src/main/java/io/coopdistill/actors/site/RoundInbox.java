package io.coopdistill.actors.site;

import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.round.SiteTeaching;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What passes through a site in one round once it has identified its deficiencies: the lessons its
 * learner received as a student and those its teachers sent. Made by the round's identification and
 * dropped with the round; only the learner actor's behaviours of that round hold it.
 */
final class RoundInbox {
  /**
   * Where a lesson comes from: the site whose rows it was made from, and the teacher that made it.
   */
  private record Source(int site, int teacher) {}

  private static final Comparator<Source> ORDER =
      Comparator.comparingInt(Source::site).thenComparingInt(Source::teacher);

  private final Map<Source, Lesson> received = new TreeMap<>(ORDER);
  private final Map<Integer, SiteTeaching.Taught> sent = new TreeMap<>();
  private Optional<String> refusal = Optional.empty();

  /** Keeps a received lesson, replacing an earlier copy from the same site and teacher. */
  void receive(Lesson lesson) {
    received.put(new Source(lesson.site(), lesson.teacher()), lesson);
  }

  /** The distinct lessons received, by site and teacher. */
  List<Lesson> received() {
    return List.copyOf(received.values());
  }

  int receivedCount() {
    return received.size();
  }

  /**
   * What teacher {@code teacher} sent from this site (a re-taught teacher's lessons replace its
   * first).
   */
  void sent(int teacher, SiteTeaching.Taught taught) {
    sent.put(teacher, taught);
  }

  /** Everything this site's teachers sent, with the rows it came from. */
  SiteTeaching.Taught sent() {
    return SiteTeaching.Taught.all(sent.values());
  }

  /**
   * A lesson of the round was bad: the student's study of the round is refused for {@code reason}.
   */
  void refuse(String reason) {
    refusal = Optional.of(reason);
  }

  /** Why the student's study of the round is refused, if a lesson was bad. */
  Optional<String> refusal() {
    return refusal;
  }
}
