package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.distill.Seeds;
import java.util.Arrays;
import java.util.List;

/**
 * A round's privacy figures, per site and pooled over the sites, computed from the sites' audits.
 *
 * @param sites  one entry per audited site, in site order
 * @param pooled every site's instances, members and non-members together (each record scored
 *               against its own site's instances); its radius is NaN
 */
public record PrivacyAudit(List<Figures> sites, Figures pooled) {

  public PrivacyAudit {
    sites = List.copyOf(sites);
  }

  /**
   * @param site          the site's index, −1 when pooled
   * @param radius        r_s
   * @param sent          virtual instances sent
   * @param nearCopies    of them, those closer than r_s to a private row of their site
   * @param nearCopyRate  nearCopies / sent (NaN when nothing was sent)
   * @param dcr           the 1%, 5% and 50% quantiles of the distances of the sent instances to the
   *                      closest private row (nearest rank; NaN when nothing was sent)
   * @param members       private rows attacked
   * @param nonMembers    non-member rows attacked
   * @param auc           the attack's ROC AUC (0.5: no better than chance)
   * @param aucLow        the 2.5% bound of its bootstrap interval
   * @param aucHigh       the 97.5% bound
   * @param tprAt1pctFpr  the share of members found when at most 1% of non-members are flagged
   */
  public record Figures(int site, double radius, int sent, int nearCopies, double nearCopyRate, double[] dcr, int members,
                        int nonMembers, double auc, double aucLow, double aucHigh, double tprAt1pctFpr) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Figures f && site == f.site && Double.compare(radius, f.radius) == 0 && sent == f.sent
          && nearCopies == f.nearCopies && Arrays.equals(dcr, f.dcr) && members == f.members && nonMembers == f.nonMembers
          && Double.compare(auc, f.auc) == 0 && Double.compare(aucLow, f.aucLow) == 0 && Double.compare(aucHigh, f.aucHigh) == 0
          && Double.compare(tprAt1pctFpr, f.tprAt1pctFpr) == 0;
    }

    @Override
    public int hashCode() {
      return 31 * Integer.hashCode(site) + Double.hashCode(auc);
    }
  }

  /** The quantiles of the distance to the closest record reported in {@link Figures#dcr}. */
  public static final double[] DCR_QUANTILES = {0.01, 0.05, 0.5};

  /** The figures of {@code audits} (in site order), bootstrap intervals drawn with the round's seed. */
  public static PrivacyAudit of(List<SiteAudit> audits, long seed) {
    List<Figures> sites = audits.stream()
        .map(a -> figures(a.site(), a.radius(), a.dcr(), nearCopies(a), a.members(), a.nonMembers(), seed)).toList();
    int nearCopies = sites.stream().mapToInt(Figures::nearCopies).sum();
    return new PrivacyAudit(sites, figures(-1, Double.NaN, concat(audits, SiteAudit::dcr), nearCopies,
        concat(audits, SiteAudit::members), concat(audits, SiteAudit::nonMembers), seed));
  }

  private static int nearCopies(SiteAudit a) {
    int n = 0;
    while (n < a.dcr().length && a.dcr()[n] < a.radius()) n++;
    return n;
  }

  private static Figures figures(int site, double radius, double[] dcr, int nearCopies, double[] members, double[] nonMembers, long seed) {
    double[] quantiles = new double[DCR_QUANTILES.length];
    for (int q = 0; q < quantiles.length; q++) {
      quantiles[q] = dcr.length == 0 ? Double.NaN : dcr[Math.max(0, (int) Math.ceil(DCR_QUANTILES[q] * dcr.length) - 1)];
    }
    double[] interval = Membership.aucInterval(members, nonMembers, Seeds.derive(seed, Seeds.Phase.PRIVACY, site, 1));
    return new Figures(site, radius, dcr.length, nearCopies, dcr.length == 0 ? Double.NaN : (double) nearCopies / dcr.length, quantiles,
        members.length, nonMembers.length, Membership.auc(members, nonMembers), interval[0], interval[1],
        Membership.tprAtFpr(members, nonMembers));
  }

  private static double[] concat(List<SiteAudit> audits, java.util.function.Function<SiteAudit, double[]> part) {
    double[] all = audits.stream().flatMapToDouble(a -> Arrays.stream(part.apply(a))).toArray();
    Arrays.sort(all);
    return all;
  }
}
