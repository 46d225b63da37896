package io.coopdistill.learners.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.learners.privacy.SitePrivacy;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.curriculum.Lesson;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrivacyAuditTest {
  private static final PrivacyOptions OPTIONS = PrivacyOptions.unguarded();

  private static Dataset points(String name, float[][] x, FeatureSchema schema) {
    return new Dataset(name, schema, List.of("a", "b"), x, new int[x.length]);
  }

  private static Lesson sent(float[][] x) {
    return new Lesson(0, 1, 2, x, new int[x.length], x.length, 0, 0);
  }

  private static float[][] uniform(int rows, int width, SplittableRandom random) {
    float[][] x = new float[rows][width];
    for (float[] row : x) for (int c = 0; c < width; c++) row[c] = (float) random.nextDouble();
    return x;
  }

  @Test
  void aHandBuiltGeometryGivesTheExpectedFigures() {
    FeatureSchema plane = new FeatureSchema(List.of("x", "y"), new float[] {-100, -100}, new float[] {100, 100}, List.of(), null);
    // Nearest other rows: 1, 1, 2, 3, and a duplicate of (6, 0) that does not count: r_s = 1.
    Dataset rows = points("P", new float[][] {{0, 0}, {1, 0}, {3, 0}, {6, 0}, {6, 0}}, plane);
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    assertEquals(1.0, privacy.radius());
    Dataset nonMembers = points("N", new float[][] {{0.5f, 1}, {20, 0}, {3, 2.5f}}, plane);
    // Distances to the closest row: 0.5 (a near-copy), 2, 4.
    SiteAudit audit = SiteAudit.of(0, privacy, nonMembers, List.of(sent(new float[][] {{0.5f, 0}, {3, 2}, {10, 0}})));
    assertArrayEquals(new double[] {0.5, 2, 4}, audit.dcr());
    // Members to the nearest instance: 0.5, 0.5, 2, √13 twice; non-members: 0.5, 1, 10.
    assertArrayEquals(new double[] {0.5, 0.5, 2, Math.sqrt(13), Math.sqrt(13)}, audit.members(), 1e-6);
    assertArrayEquals(new double[] {0.5, 1, 10}, audit.nonMembers(), 1e-6);

    PrivacyAudit.Figures f = PrivacyAudit.of(List.of(audit), 1).sites().get(0);
    assertEquals(3, f.sent());
    assertEquals(1, f.nearCopies());
    assertEquals(1 / 3.0, f.nearCopyRate());
    assertArrayEquals(new double[] {0.5, 0.5, 2}, f.dcr());
    // Member-closer pairs: 0.5 ties 0.5 and beats 1 and 10 (twice: 2.5 each), 2 and √13 beat only 10: 8 of 15.
    assertEquals(8 / 15.0, f.auc(), 1e-12);
    // At most ⌊1% of 3⌋ = 0 false positives: flag what is closer than the nearest non-member (0.5): none.
    assertEquals(0.0, f.tprAt1pctFpr());
    assertTrue(f.aucLow() <= f.auc() && f.auc() <= f.aucHigh(), f.toString());
    PrivacyAudit.Figures pooled = PrivacyAudit.of(List.of(audit), 1).pooled();
    assertEquals(f.auc(), pooled.auc());
    assertEquals(-1, pooled.site());
  }

  @Test
  void theAttackFindsMembersOnceNoNonMemberIsClose() {
    double[] members = {0.1, 0.2, 0.3, 5};
    double[] nonMembers = new double[200];
    for (int n = 0; n < nonMembers.length; n++) nonMembers[n] = 1 + n;
    // ⌊1% of 200⌋ = 2 non-members may be flagged: the threshold is the 3rd nearest (3); three members lie below it.
    assertEquals(0.75, Membership.tprAtFpr(members, nonMembers));
    // 0.1, 0.2 and 0.3 beat every non-member; 5 beats 6..200 and ties 5.
    assertEquals((3 * 200 + 195.5) / 800.0, Membership.auc(members, nonMembers), 1e-12);
  }

  @Test
  void aCopyingTeacherIsCaught() {
    SplittableRandom random = new SplittableRandom(5);
    FeatureSchema box = FeatureSchema.unitBox(6);
    Dataset rows = points("P", uniform(300, 6, random), box);
    Dataset nonMembers = points("N", uniform(300, 6, random), box);
    float[][] copies = new float[rows.size()][];
    for (int n = 0; n < copies.length; n++) {
      copies[n] = rows.row(n).clone();
      for (int c = 0; c < copies[n].length; c++) copies[n][c] += (float) (1e-4 * random.nextGaussian());
    }
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    PrivacyAudit.Figures f = PrivacyAudit.of(List.of(SiteAudit.of(0, privacy, nonMembers, List.of(sent(copies)))), 2).pooled();
    assertTrue(f.nearCopyRate() > 0.99, f.toString());
    assertTrue(f.tprAt1pctFpr() > 0.95, f.toString());
    assertTrue(f.auc() > 0.99 && f.aucLow() > 0.98, f.toString());
  }

  @Test
  void uniformInstancesRevealNothing() {
    SplittableRandom random = new SplittableRandom(6);
    FeatureSchema box = FeatureSchema.unitBox(4);
    Dataset rows = points("P", uniform(400, 4, random), box);
    Dataset nonMembers = points("N", uniform(400, 4, random), box);
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    PrivacyAudit.Figures f = PrivacyAudit.of(List.of(SiteAudit.of(0, privacy, nonMembers, List.of(sent(uniform(400, 4, random))))), 3)
        .pooled();
    assertTrue(f.auc() >= 0.45 && f.auc() <= 0.55, f.toString());
    assertTrue(f.aucLow() < 0.5 + 0.01 && f.aucHigh() > 0.5 - 0.01, f.toString());
  }

  @Test
  void testRowsAreSeenAsTheSiteSeesThemSoAFeatureItLacksRevealsNothing() {
    SplittableRandom random = new SplittableRandom(7);
    FeatureSchema box = FeatureSchema.unitBox(3);
    // The site lacks feature 2 (encoded 0 in all its rows); the test set has it, like German credit's parts.
    float[][] own = uniform(400, 3, random);
    for (float[] row : own) row[2] = 0;
    Dataset rows = points("P", own, box);
    Dataset test = points("T", uniform(400, 3, random), box);
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    Dataset nonMembers = SiteAudit.nonMembers(0, privacy, null, test, 9);
    assertEquals(400, nonMembers.size());
    for (int n = 0; n < nonMembers.size(); n++) {
      assertEquals(0f, nonMembers.row(n)[2], "feature 2 as the site sees it");
      assertTrue(nonMembers.row(n)[0] > 0 || nonMembers.row(n)[1] > 0, "the features the site has are kept");
    }
    assertTrue(test.row(0)[2] != 0, "the test set itself is not changed");
    // Instances drawn independently of the members, in the site's own space: chance, not the missing feature, decides.
    float[][] instances = uniform(400, 3, random);
    for (float[] v : instances) v[2] = 0;
    PrivacyAudit.Figures f = PrivacyAudit.of(List.of(SiteAudit.of(0, privacy, nonMembers, List.of(sent(instances)))), 3).pooled();
    assertTrue(f.auc() >= 0.45 && f.auc() <= 0.55, f.toString());
    // The raw test rows would have been told apart by feature 2 alone.
    PrivacyAudit.Figures raw = PrivacyAudit.of(List.of(SiteAudit.of(0, privacy, test, List.of(sent(instances)))), 3).pooled();
    assertTrue(raw.auc() > 0.7, raw.toString());
  }

  @Test
  void theAuditIsReproducible() {
    SplittableRandom random = new SplittableRandom(8);
    FeatureSchema box = FeatureSchema.unitBox(3);
    Dataset rows = points("P", uniform(100, 3, random), box);
    Dataset test = points("T", uniform(100, 3, random), box);
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    List<Lesson> lessons = List.of(sent(uniform(50, 3, random)));
    SiteAudit a = SiteAudit.of(0, privacy, SiteAudit.nonMembers(0, privacy, null, test, 4), lessons);
    SiteAudit b = SiteAudit.of(0, privacy, SiteAudit.nonMembers(0, privacy, null, test, 4), lessons);
    assertEquals(a, b);
    assertEquals(PrivacyAudit.of(List.of(a), 4), PrivacyAudit.of(List.of(b), 4));
  }
}
