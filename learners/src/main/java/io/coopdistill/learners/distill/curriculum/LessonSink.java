package io.coopdistill.learners.distill.curriculum;

/**
 * Where a site reports each lesson it sends, as it sends it: the record of every virtual instance
 * that left the site (the run's virtual-instances.csv.gz). Called from the site's own thread or
 * actor, so an implementation shared by several sites must be thread-safe.
 */
@FunctionalInterface
public interface LessonSink {
  /** Records nothing. */
  LessonSink NONE = (round, lesson) -> {};

  /** Site {@code lesson.site()} sent {@code lesson} in round {@code round} (1-based). */
  void sent(int round, Lesson lesson);
}
