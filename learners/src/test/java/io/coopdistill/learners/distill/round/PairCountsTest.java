package io.coopdistill.learners.distill.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.distill.round.PairCounts.Count;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairCountsTest {
  private static final int[][] SEARCHED = {{0, 5, 0}, {2, 0, 0}, {0, 7, 0}};
  private static final int[][] FAILED = {{0, 1, 0}, {0, 0, 0}, {0, 3, 0}};
  private static final int[][] DEFICIENT = {{0, 9, 0}, {2, 0, 4}, {0, 7, 0}};

  private static PairCounts counts() {
    Map<Count, int[][]> dense = new EnumMap<>(Count.class);
    dense.put(Count.SEARCHED, SEARCHED);
    dense.put(Count.FAILED, FAILED);
    dense.put(Count.DEFICIENT, DEFICIENT);
    return PairCounts.ofDense(dense, 3);
  }

  @Test
  void denseMatricesRoundTripAndOnlyTheirNonZeroPairsAreHeld() {
    PairCounts c = counts();
    assertEquals(4, c.pairs(), "0→1, 1→0, 1→2, 2→1: " + c);
    assertArrayEquals(SEARCHED, c.of(Count.SEARCHED).dense());
    assertArrayEquals(FAILED, c.of(Count.FAILED).dense());
    assertArrayEquals(DEFICIENT, c.of(Count.DEFICIENT).dense());
    assertArrayEquals(new int[3][3], c.of(Count.KEPT).dense());
    List<String> nonZero = new ArrayList<>();
    c.of(Count.SEARCHED).forEachNonZero((t, s, v) -> nonZero.add(t + "→" + s + "=" + v));
    assertEquals(List.of("0→1=5", "1→0=2", "2→1=7"), nonZero, "by teacher, then student");
  }

  @Test
  void anAbsentPairCountsZeroAndAPairOutsideTheLearnersIsRefused() {
    PairCounts c = counts();
    assertEquals(0, c.of(Count.SEARCHED).get(0, 2));
    assertEquals(0, c.of(Count.SEARCHED).get(1, 2), "held for its deficiencies, never searched");
    assertEquals(7, c.of(Count.SEARCHED).get(2, 1));
    assertEquals(0, PairCounts.empty(3).of(Count.KEPT).get(2, 1));
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> c.of(Count.KEPT).get(3, 0));
    assertTrue(e.getMessage().contains("3→0 among 3 learners"), e.getMessage());
  }

  @Test
  void totalsPerStudentPerTeacherAndADifference() {
    PairCounts c = counts();
    assertEquals(14, c.of(Count.SEARCHED).total());
    assertArrayEquals(new long[] {2, 12, 0}, c.of(Count.SEARCHED).perStudent());
    assertArrayEquals(new long[] {5, 2, 7}, c.of(Count.SEARCHED).perTeacher());
    PairCounts.Matrix dropped = c.difference(Count.DEFICIENT, Count.SEARCHED);
    assertEquals(4, dropped.get(0, 1));
    assertEquals(4, dropped.get(1, 2));
    assertEquals(8, dropped.total());
  }

  @Test
  void aPairSetBackToZeroIsNotHeldSoEqualCountsAreEqual() {
    PairCounts.Builder b = new PairCounts.Builder(3).add(Count.KEPT, 1, 2, 4);
    b.set(Count.KEPT, 1, 2, 0).set(Count.KEPT, 2, 0, 0);
    assertEquals(PairCounts.empty(3), b.build());
    assertEquals(counts(), counts());
    assertEquals(counts().hashCode(), counts().hashCode());
    assertNotEquals(PairCounts.empty(3), PairCounts.empty(4));
  }

  @Test
  void roundsAreSummedPairByPair() {
    PairCounts sum = PairCounts.sum(List.of(counts(), counts()), 3);
    assertEquals(28, sum.of(Count.SEARCHED).total());
    assertEquals(14, sum.of(Count.SEARCHED).get(2, 1));
    assertEquals(4, sum.pairs());
    assertThrows(
        IllegalArgumentException.class, () -> PairCounts.sum(List.of(PairCounts.empty(4)), 3));
  }

  @Test
  void copiedCountsLeaveTheOthers() {
    PairCounts copy =
        new PairCounts.Builder(3)
            .add(Count.KEPT, 0, 1, 1)
            .copy(counts(), Count.SEARCHED, Count.FAILED)
            .build();
    assertArrayEquals(SEARCHED, copy.of(Count.SEARCHED).dense());
    assertArrayEquals(new int[3][3], copy.of(Count.DEFICIENT).dense());
    assertEquals(1, copy.of(Count.KEPT).get(0, 1));
  }
}
