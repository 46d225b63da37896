package io.coopdistill.learners.distill.curriculum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The record of sent lessons does not depend on the order sites sent them in. */
class SentLessonsTest {

  private static Lesson lesson(int site, int teacher, int student, int instances) {
    return new Lesson(
        site, teacher, student, new float[instances][2], new int[instances], instances, 0, 0);
  }

  @Test
  void lessonsComeOutByRoundSiteTeacherAndStudentAndASecondSendingReplacesTheFirst() {
    SentLessons sent = new SentLessons();
    Lesson late = lesson(0, 0, 1, 1);
    sent.sent(2, late);
    sent.sent(1, lesson(1, 0, 2, 2));
    sent.sent(1, lesson(0, 2, 1, 1));
    sent.sent(1, lesson(0, 1, 2, 1));
    sent.sent(1, lesson(0, 1, 0, 0)); // empty: nothing left the site
    Lesson again = lesson(0, 1, 2, 3);
    sent.sent(1, again);
    List<SentLessons.Sent> inOrder = sent.inOrder();
    assertEquals(
        List.of("1:0:1:2", "1:0:2:1", "1:1:0:2", "2:0:0:1"),
        inOrder.stream()
            .map(
                s ->
                    s.round()
                        + ":"
                        + s.lesson().site()
                        + ":"
                        + s.lesson().teacher()
                        + ":"
                        + s.lesson().student())
            .toList());
    assertSame(again, inOrder.get(0).lesson());
    assertSame(late, inOrder.get(3).lesson());
    assertEquals(7, sent.instances());
  }
}
