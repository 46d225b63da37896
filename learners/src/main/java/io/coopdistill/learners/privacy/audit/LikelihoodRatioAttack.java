package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The likelihood-ratio attack (LiRA, Carlini et al. 2022) of site s's audit: scores only, sorted,
 * as in {@link SiteAudit}, with the same members and non-members. The attacker knows the site's
 * learner and holds every candidate record (the private rows and the non-members) without knowing
 * which were trained on; it calibrates each candidate by {@link ShadowModels} trained on halves of
 * the candidates.
 *
 * <p>Two targets. The snapshot, trained as the shadows are (on rows), is scored online: the
 * likelihood ratio of its confidence under the candidate's IN and OUT Gaussians; this calibrates
 * the plain snapshot attack. The virtual instances are scored through the model the attacker (the
 * students together) trains with the same learner on the instances it received, offline: the
 * shadows never saw instances, so only their OUT calibration (how sure a model that did not train
 * on the candidate is) carries over. Each control is scored the same way, the attacker's model
 * trained on the control's copies.
 *
 * @param snapshot the online attack on the snapshot, members as in {@link SiteAudit#instances}
 * @param snapshotAllRows the same with every private row a member
 * @param instances the offline attack on the model of the instances, members as in {@link
 *     SiteAudit#instances}
 * @param instancesAllRows the same with every private row a member
 * @param controls the offline attack on the model of each control's copies, in {@link Control}
 *     order
 */
public record LikelihoodRatioAttack(
    SiteAudit.Scores snapshot,
    SiteAudit.Scores snapshotAllRows,
    SiteAudit.Scores instances,
    SiteAudit.Scores instancesAllRows,
    List<SiteAudit.Scores> controls)
    implements AttackScores {

  private static final SiteAudit.Scores NO_SCORES =
      SiteAudit.Scores.ofOneClass(new double[0], new double[0]);

  /** The attack not made (no shadow models): every figure unmeasured. */
  public static final LikelihoodRatioAttack NONE =
      new LikelihoodRatioAttack(
          NO_SCORES,
          NO_SCORES,
          NO_SCORES,
          NO_SCORES,
          Arrays.stream(Control.values()).map(c -> NO_SCORES).toList());

  public LikelihoodRatioAttack {
    controls = List.copyOf(controls);
  }

  /** The candidates and the targets of a site's attack, as {@link SiteAudit#of} has them. */
  record Candidates(Dataset data, Dataset outsiders, boolean[] member) {}

  /**
   * The attack on a site whose candidates are {@code candidates}.
   *
   * @param learner the site's learner: the shadows' and the attacker's models are its
   * @param shadowModels how many shadows (even; 0: {@link #NONE}, as when the learner cannot train
   *     on a half of the candidates)
   * @param snapshot the site's released model
   * @param sent the virtual instances the site sent, with their labels
   * @param copies each control's copied rows (indices of the private rows) and its members
   * @param seed the site's seed for the audit
   */
  static LikelihoodRatioAttack of(
      Candidates candidates,
      Learner learner,
      int shadowModels,
      Model snapshot,
      Dataset sent,
      List<int[]> copies,
      List<boolean[]> copyMembers,
      long seed) {
    if (shadowModels == 0) return NONE;
    Dataset data = candidates.data();
    Dataset all = data.concat(data.name() + "+non-members", candidates.outsiders());
    ShadowModels shadows = ShadowModels.train(learner, all, shadowModels, seed);
    if (shadows == null) return NONE;
    double[] snapshotScores = shadows.online(ShadowModels.logitConfidences(snapshot, all));
    double[] instanceScores = attackersModel(learner, sent, all, shadows, seed, 0);
    List<SiteAudit.Scores> controls = new ArrayList<>();
    for (int c = 0; c < copies.size(); c++) {
      double[] scores =
          attackersModel(
              learner,
              data.subset(data.name() + "/control-" + c, copies.get(c)),
              all,
              shadows,
              seed,
              c + 1);
      controls.add(split(scores, candidates, copyMembers.get(c)));
    }
    return new LikelihoodRatioAttack(
        split(snapshotScores, candidates, candidates.member()),
        split(snapshotScores, candidates, null),
        split(instanceScores, candidates, candidates.member()),
        split(instanceScores, candidates, null),
        controls);
  }

  /**
   * Whether {@code site} of {@code sites} makes the attack in a round: every site when there are at
   * most {@code most} of them (or {@code most} is 0), else {@code most} sites drawn with the
   * round's seed, the same draw wherever it is made, so that both runtimes audit the same sites.
   */
  static boolean attacks(int site, int sites, int most, long roundSeed) {
    if (most == 0 || sites <= most) return true;
    int[] order = IntStream.range(0, sites).toArray();
    SplittableRandom random =
        new SplittableRandom(Seeds.derive(roundSeed, Seeds.Phase.PRIVACY, -2, 0));
    for (int d = 0; d < most; d++) {
      int pick = d + random.nextInt(sites - d);
      int drawn = order[pick];
      order[pick] = order[d];
      order[d] = drawn;
      if (drawn == site) return true;
    }
    return false;
  }

  /**
   * The offline scores of {@code all} through the model the attacker trains on {@code received};
   * null when the learner cannot train on it (too few rows, or a single class).
   */
  private static double[] attackersModel(
      Learner learner, Dataset received, Dataset all, ShadowModels shadows, long seed, int target) {
    if (!ShadowModels.trainable(learner, received)) return null;
    Model model = learner.train(received, Seeds.derive(seed, Seeds.Phase.PRIVACY, -1, target));
    return shadows.offline(ShadowModels.logitConfidences(model, all));
  }

  /**
   * The scores of the candidates (the private rows first, then the non-members): the members that
   * {@code member} marks (null: every private row) against the non-members.
   */
  private static SiteAudit.Scores split(double[] scores, Candidates candidates, boolean[] member) {
    if (scores == null) return NO_SCORES;
    int rows = candidates.data().size();
    return SiteAudit.Scores.split(
        Arrays.copyOfRange(scores, 0, rows),
        candidates.data(),
        member,
        Arrays.copyOfRange(scores, rows, scores.length),
        candidates.outsiders());
  }

  /**
   * The attack's figures, as {@link PrivacyAudit.Figures} has the other attacks'.
   *
   * @param membership the offline attack on the attacker's model of the instances
   * @param allRows the same with every private row a member
   * @param controls the offline attack on the attacker's model of each control's copies
   * @param snapshot the online attack on the snapshot (compare {@link
   *     PrivacyAudit.Figures#snapshot}, the plain confidence)
   * @param snapshotAllRows the same with every private row a member
   */
  public record Figures(
      PrivacyAudit.Attack membership,
      PrivacyAudit.Attack allRows,
      List<PrivacyAudit.Attack> controls,
      PrivacyAudit.Attack snapshot,
      PrivacyAudit.Attack snapshotAllRows)
      implements PrivacyAudit.Attacks {
    /** Not measured: no shadow models, or an audit recorded before the attack existed. */
    public static final Figures UNMEASURED =
        new Figures(
            PrivacyAudit.Attack.UNMEASURED,
            PrivacyAudit.Attack.UNMEASURED,
            Arrays.stream(Control.values()).map(c -> PrivacyAudit.Attack.UNMEASURED).toList(),
            PrivacyAudit.Attack.UNMEASURED,
            PrivacyAudit.Attack.UNMEASURED);

    public Figures {
      controls = List.copyOf(controls);
    }

    /** Whether the attack was made (on the snapshot, which every site with shadows has). */
    public boolean measured() {
      return !Double.isNaN(snapshotAllRows.auc());
    }

    /**
     * The figures of the sites' attacks {@code audits}, intervals as {@link PrivacyAudit#of} draws
     * them ({@code resampled}: bootstrap with {@code seed}).
     */
    static Figures of(List<LikelihoodRatioAttack> audits, long seed, boolean resampled) {
      PrivacyAudit.Attacked instances = PrivacyAudit.attacked(audits, a -> a, seed, resampled);
      return new Figures(
          instances.membership(),
          instances.allRows(),
          instances.controls(),
          PrivacyAudit.attack(audits, LikelihoodRatioAttack::snapshot, seed, resampled),
          PrivacyAudit.attack(audits, LikelihoodRatioAttack::snapshotAllRows, seed, resampled));
    }
  }
}
