package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.distill.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A round's privacy figures, per site and pooled over the sites, computed from the sites' audits.
 *
 * @param sites one entry per audited site, in site order
 * @param pooled every site's instances, members and non-members together (each record scored
 *     against its own site's instances, each site flagging at its own threshold); its radius is NaN
 */
public record PrivacyAudit(List<Figures> sites, Figures pooled) {

  public PrivacyAudit {
    sites = List.copyOf(sites);
  }

  /**
   * @param site the site's index, −1 when pooled
   * @param radius r_s
   * @param sent virtual instances sent
   * @param nearCopies of them, those closer than r_s to a private row of their site (none under a
   *     guard with a floor, which admits nothing closer: by construction, not by measure)
   * @param nearCopyRate nearCopies / sent (NaN when nothing was sent)
   * @param dcr the 1%, 5% and 50% quantiles of the distances of the sent instances to the closest
   *     private row (nearest rank; NaN when nothing was sent)
   * @param membership the distance attack on the instances, members being the rows behind them
   * @param allRows the same with every private row a member
   * @param controls the distance attack on each {@link Control}, in that order
   * @param snapshot the snapshot attack on the site's own model, members as in {@code membership}:
   *     the floor any figure of the instances is to be compared with
   * @param snapshotAllRows the snapshot attack with every private row a member
   * @param selected the distance attack, selection-matched: the source rows against the non-members
   *     that the rule of step 1 selects ({@link SiteAudit}); {@link Attack#UNMEASURED} in an audit
   *     recorded before it was
   * @param snapshotSelected the snapshot attack on the same records: its floor
   * @param lira the likelihood-ratio attack on the snapshot and on the instances ({@link
   *     LikelihoodRatioAttack.Figures#UNMEASURED} without shadow models)
   * @param attacks each further attack on what was sent ({@link SentAttack}), by key; empty in an
   *     audit recorded before they were
   */
  public record Figures(
      int site,
      double radius,
      int sent,
      int nearCopies,
      double nearCopyRate,
      double[] dcr,
      Attack membership,
      Attack allRows,
      List<Attack> controls,
      Attack snapshot,
      Attack snapshotAllRows,
      Attack selected,
      Attack snapshotSelected,
      LikelihoodRatioAttack.Figures lira,
      SortedMap<String, Attacked> attacks)
      implements Attacks {
    public Figures {
      controls = List.copyOf(controls);
      attacks = Collections.unmodifiableSortedMap(new TreeMap<>(attacks));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Figures f
          && site == f.site
          && Double.compare(radius, f.radius) == 0
          && sent == f.sent
          && nearCopies == f.nearCopies
          && Arrays.equals(dcr, f.dcr)
          && membership.equals(f.membership)
          && allRows.equals(f.allRows)
          && controls.equals(f.controls)
          && snapshot.equals(f.snapshot)
          && snapshotAllRows.equals(f.snapshotAllRows)
          && selected.equals(f.selected)
          && snapshotSelected.equals(f.snapshotSelected)
          && lira.equals(f.lira)
          && attacks.equals(f.attacks);
    }

    @Override
    public int hashCode() {
      return 31 * Integer.hashCode(site) + membership.hashCode();
    }
  }

  /**
   * An attack on the instances with its controls, as every attack of the audit that has controls
   * reports them: the distance attack ({@link Figures}), the likelihood-ratio attack ({@link
   * LikelihoodRatioAttack.Figures}) and each further attack on what was sent ({@link Attacked}).
   */
  public interface Attacks {
    /** The attack, members being the rows behind the instances. */
    Attack membership();

    /** The attack with every private row a member. */
    Attack allRows();

    /** The attack on each {@link Control}'s copies, in that order. */
    List<Attack> controls();

    /**
     * Whether the attack failed a control: flagged fewer than {@link Control#FLAGGED} of its copies
     * at 1% false positives. Its figures then show nothing safe. (A control with nothing to copy,
     * at a site that sent nothing, is not measured, and fails nothing.)
     */
    default boolean insensitive() {
      return controls().stream().anyMatch(c -> c.tprAt1pctFpr() < Control.FLAGGED);
    }
  }

  /**
   * The figures of a further attack on what was sent ({@link SentAttack}), or of any attack with
   * controls read as one.
   *
   * @param membership on the instances, members being the rows behind them
   * @param allRows the same with every private row a member
   * @param controls on each {@link Control}, in that order
   */
  public record Attacked(Attack membership, Attack allRows, List<Attack> controls)
      implements Attacks {
    /** An attack that was not measured (an audit recorded before it was). */
    public static final Attacked UNMEASURED =
        new Attacked(
            Attack.UNMEASURED,
            Attack.UNMEASURED,
            Collections.nCopies(Control.values().length, Attack.UNMEASURED));

    public Attacked {
      controls = List.copyOf(controls);
    }
  }

  /**
   * One membership attack's figures. Pooled over sites, each site flags at its own threshold and
   * the figures are the sites' weighted by their members, each site's non-members weighted to its
   * members' class mix ({@link Membership}), except {@code aucUnmatched}.
   *
   * @param members members attacked (less those of a class none of the site's non-members has)
   * @param nonMembers non-members attacked (less those of a class none of the site's members has)
   * @param auc the ROC AUC, class-matched (0.5: no better than chance)
   * @param aucLow the 2.5% bound of its 95% interval: bootstrap (records resampled), or DeLong's in
   *     an audit of more than {@link Membership#BOOTSTRAP_UP_TO_SITES} sites
   * @param aucHigh the 97.5% bound
   * @param tprAt1pctFpr the share of members found when 1% of non-members are flagged, on the ROC
   *     interpolated between measured points
   * @param smallestFpr the false-positive rate below which a threshold may measure nothing: the
   *     largest weight of a non-member over the site's total (1/(non-members) when the classes
   *     match; pooled: the coarsest site's); above 1%, the TPR at 1% is an interpolation from (0,
   *     0) or from the members flagged before any non-member
   * @param aucUnmatched the ROC AUC with every non-member weighing 1 and every member counted (what
   *     the audit reported before it matched the classes: it also credits an attack that only tells
   *     the members' classes from the non-members')
   */
  public record Attack(
      int members,
      int nonMembers,
      double auc,
      double aucLow,
      double aucHigh,
      double tprAt1pctFpr,
      double smallestFpr,
      double aucUnmatched) {
    /** An attack that was not measured (an audit recorded before it was). */
    public static final Attack UNMEASURED =
        new Attack(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** The quantiles of the distance to the closest record reported in {@link Figures#dcr}. */
  public static final double[] DCR_QUANTILES = {0.01, 0.05, 0.5};

  /**
   * The figures of {@code audits} (in site order), bootstrap intervals drawn with the round's seed;
   * DeLong's intervals where there are more than {@link Membership#BOOTSTRAP_UP_TO_SITES} sites.
   */
  public static PrivacyAudit of(List<SiteAudit> audits, long seed) {
    boolean resampled = audits.size() <= Membership.BOOTSTRAP_UP_TO_SITES;
    List<Figures> sites =
        audits.stream()
            .map(a -> figures(a.site(), a.radius(), List.of(a), seed, resampled))
            .toList();
    return new PrivacyAudit(sites, figures(-1, Double.NaN, audits, seed, resampled));
  }

  private static Figures figures(
      int site, double radius, List<SiteAudit> audits, long seed, boolean resampled) {
    double[] dcr = audits.stream().flatMapToDouble(a -> Arrays.stream(a.dcr())).sorted().toArray();
    int nearCopies = audits.stream().mapToInt(PrivacyAudit::nearCopies).sum();
    double[] quantiles = new double[DCR_QUANTILES.length];
    for (int q = 0; q < quantiles.length; q++) {
      quantiles[q] =
          dcr.length == 0
              ? Double.NaN
              : dcr[Math.max(0, (int) Math.ceil(DCR_QUANTILES[q] * dcr.length) - 1)];
    }
    long attackSeed = Seeds.derive(seed, Seeds.Phase.PRIVACY, site, 1);
    Attacked distance = attacked(audits, a -> a, attackSeed, resampled);
    SortedMap<String, Attacked> attacks = new TreeMap<>();
    for (String key : audits.isEmpty() ? Set.<String>of() : audits.get(0).attacks().keySet())
      attacks.put(key, attacked(audits, a -> a.attacks().get(key), attackSeed, resampled));
    return new Figures(
        site,
        radius,
        dcr.length,
        nearCopies,
        dcr.length == 0 ? Double.NaN : (double) nearCopies / dcr.length,
        quantiles,
        distance.membership(),
        distance.allRows(),
        distance.controls(),
        attack(audits, SiteAudit::snapshot, attackSeed, resampled),
        attack(audits, SiteAudit::snapshotAllRows, attackSeed, resampled),
        attack(audits, SiteAudit::instancesSelected, attackSeed, resampled),
        attack(audits, SiteAudit::snapshotSelected, attackSeed, resampled),
        LikelihoodRatioAttack.Figures.of(
            audits.stream().map(SiteAudit::lira).toList(), attackSeed, resampled),
        attacks);
  }

  /**
   * The figures of the attack with controls that {@code scores} reads from each of {@code audits}:
   * on the instances, on every row and on each control.
   */
  static <A> Attacked attacked(
      List<A> audits, Function<A, ? extends AttackScores> scores, long seed, boolean resampled) {
    List<Attack> controls = new ArrayList<>();
    for (Control control : Control.values())
      controls.add(
          attack(audits, a -> scores.apply(a).controls().get(control.ordinal()), seed, resampled));
    return new Attacked(
        attack(audits, a -> scores.apply(a).instances(), seed, resampled),
        attack(audits, a -> scores.apply(a).instancesAllRows(), seed, resampled),
        controls);
  }

  /** The figures of the attack {@code scores} reads from each of {@code audits}. */
  static <A> Attack attack(
      List<A> audits, Function<A, SiteAudit.Scores> scores, long seed, boolean resampled) {
    return Membership.of(audits.stream().map(scores).toList(), seed, resampled);
  }

  private static int nearCopies(SiteAudit a) {
    int n = 0;
    while (n < a.dcr().length && a.dcr()[n] < a.radius()) n++;
    return n;
  }
}
