package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.privacy.NearestRows;
import io.coopdistill.learners.privacy.SitePrivacy;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What site s measures about the virtual instances it sent in a round, where its rows are: sorted
 * distances only, none linked to a row or an instance, so it may leave the site.
 *
 * @param site       the site's index
 * @param radius     r_s of its private rows ({@link SitePrivacy})
 * @param dcr        for each sent instance, its distance to the closest private row, ascending
 * @param members    for each private row, its distance to the nearest sent instance, ascending
 *                   (+∞ when nothing was sent)
 * @param nonMembers the same for each non-member row (held out, or sampled from the test set)
 */
public record SiteAudit(int site, double radius, double[] dcr, double[] members, double[] nonMembers) {

  /**
   * Audits the instances of the lessons {@code sent} from the site (every teacher, every student:
   * the students together are the worst-case attacker).
   */
  public static SiteAudit of(int site, SitePrivacy privacy, Dataset nonMembers, List<Lesson> lessons) {
    List<float[]> sent = new ArrayList<>();
    for (Lesson lesson : lessons) sent.addAll(List.of(lesson.features()));
    double[] dcr = new double[sent.size()];
    for (int v = 0; v < dcr.length; v++) dcr[v] = privacy.rows().distance(sent.get(v));
    NearestRows instances = new NearestRows(sent.toArray(float[][]::new));
    return new SiteAudit(site, privacy.radius(), sorted(dcr), distances(instances, privacy.data().features()),
        nonMembers == null ? new double[0] : distances(instances, nonMembers.features()));
  }

  /**
   * The site's non-members: its held-out rows when it has some; else rows of the test set drawn
   * with the seed, as many of each class as the site has private rows of it (so that the attack
   * cannot tell members by their class mix), at most {@code non-members} in all (0 = no cap), and
   * seen as the site sees a record: 0 in every column none of its private rows has a value in (a
   * feature the site does not have encodes as 0). Otherwise the test rows would differ from the
   * members by the features the site lacks, and the attack would tell them apart by that, not by
   * membership (German credit's parts lack up to 9 of 20 features).
   *
   * @return null when there is neither
   */
  public static Dataset nonMembers(int site, SitePrivacy privacy, Dataset heldOut, Dataset test, long seed) {
    if (heldOut != null && heldOut.size() > 0) return heldOut;
    if (test == null) return null;
    int[] quota = privacy.data().classCounts();
    int cap = privacy.options().nonMembers() == 0 ? Integer.MAX_VALUE : privacy.options().nonMembers();
    Dataset shuffled = test.shuffled(Seeds.derive(seed, Seeds.Phase.PRIVACY, site));
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < shuffled.size() && picked.size() < cap; i++) {
      int y = shuffled.label(i);
      if (y < quota.length && quota[y] > 0) {
        quota[y]--;
        picked.add(i);
      }
    }
    Dataset sample = shuffled.subset(test.name() + "/non-members-" + site, picked.stream().mapToInt(Integer::intValue).toArray());
    boolean[] unobserved = unobservedColumns(privacy.data());
    float[][] seen = new float[sample.size()][];
    for (int n = 0; n < seen.length; n++) {
      seen[n] = sample.row(n).clone();
      for (int c = 0; c < seen[n].length; c++) if (unobserved[c]) seen[n][c] = 0;
    }
    return sample.withRows(sample.name(), sample.schema(), seen);
  }

  /** The columns in which every row of {@code data} is 0: features the site does not have (or never saw set). */
  static boolean[] unobservedColumns(Dataset data) {
    boolean[] unobserved = new boolean[data.numFeatures()];
    Arrays.fill(unobserved, true);
    for (float[] row : data.features()) for (int c = 0; c < row.length; c++) if (row[c] != 0) unobserved[c] = false;
    return unobserved;
  }

  private static double[] distances(NearestRows instances, float[][] rows) {
    double[] d = new double[rows.length];
    for (int n = 0; n < rows.length; n++) d[n] = instances.distance(rows[n]);
    return sorted(d);
  }

  private static double[] sorted(double[] values) {
    Arrays.sort(values);
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SiteAudit a && site == a.site && Double.compare(radius, a.radius) == 0 && Arrays.equals(dcr, a.dcr)
        && Arrays.equals(members, a.members) && Arrays.equals(nonMembers, a.nonMembers);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Integer.hashCode(site) + Arrays.hashCode(dcr)) + Arrays.hashCode(members);
  }

  @Override
  public String toString() {
    return "SiteAudit(site " + site + ", r_s " + radius + ", " + dcr.length + " sent, " + members.length + " members, "
        + nonMembers.length + " non-members)";
  }
}
