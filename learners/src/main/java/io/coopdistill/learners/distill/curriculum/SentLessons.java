package io.coopdistill.learners.distill.curriculum;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The lessons sent in a run, collected from every site (thread-safe), in an order that does not
 * depend on which site sent first: round, site, teacher, student. A lesson sent again for the same
 * round, site, teacher and student (a teacher re-taught after a failure) replaces the first; an
 * empty lesson sends nothing and is not kept.
 */
public final class SentLessons implements LessonSink {

  /** One lesson and the round it was sent in. */
  public record Sent(int round, Lesson lesson) {}

  private record Key(int round, int site, int teacher, int student) {}

  private static final Comparator<Key> ORDER =
      Comparator.comparingInt(Key::round)
          .thenComparingInt(Key::site)
          .thenComparingInt(Key::teacher)
          .thenComparingInt(Key::student);

  private final ConcurrentSkipListMap<Key, Sent> sent = new ConcurrentSkipListMap<>(ORDER);

  @Override
  public void sent(int round, Lesson lesson) {
    if (lesson.size() == 0) return;
    sent.put(
        new Key(round, lesson.site(), lesson.teacher(), lesson.student()), new Sent(round, lesson));
  }

  /** Every lesson recorded, in round, site, teacher, student order. */
  public List<Sent> inOrder() {
    return List.copyOf(sent.values());
  }

  /** The virtual instances in all recorded lessons. */
  public long instances() {
    return sent.values().stream().mapToLong(s -> s.lesson().size()).sum();
  }
}
