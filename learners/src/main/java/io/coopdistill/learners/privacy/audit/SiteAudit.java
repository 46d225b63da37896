package io.coopdistill.learners.privacy.audit;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.NearestRows;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * What site s measures about the virtual instances it sent in a round, where its rows are: scores
 * only, each with its record's class (which the figures match the classes by), sorted, none linked
 * to a row or an instance, so it may leave the site.
 *
 * <p>Two attacks score the site's records. The distance attack scores a record by minus its L2
 * distance to the nearest record sent (an exact copy scores 0, above every record that is not one);
 * the snapshot attack scores it by the confidence the site's own model, which every peer receives,
 * gives its true class (a loss attack: the same order). Members are the private rows that were the
 * source, or an anchor row ({@link SitePrivacy#anchorRows}), of at least one instance sent, and
 * every private row equal to one of them; beside them, every private row. Non-members are the
 * site's non-member rows ({@link #nonMembers}) less those equal to a private row: a copy of a
 * member is a member. The distance attack also scores each {@link Control}, sent instead of the
 * instances; so does each further attack on what was sent ({@link SentAttack}: the output-space and
 * the anchor-inversion attacks), and the {@link LikelihoodRatioAttack}, with the same members and
 * non-members.
 *
 * <p>Selection-matched: a source row is one that some teacher's model predicts and its student's
 * does not (the rule of step 1), so it differs from a random non-member before anything is sent
 * (its student gets it wrong; its teacher gets it right, which the snapshot attack sees). Beside
 * the figures above, the distance and the snapshot attacks also score the source rows against only
 * the non-members that the same rule selects for a (teacher, student) pair the site sent an
 * instance for: what remains is what the instances tell beyond which rows were chosen.
 *
 * @param site the site's index
 * @param radius r_s of its private rows ({@link SitePrivacy})
 * @param dcr for each sent instance, its distance to the closest private row, ascending
 * @param instances the distance attack on the instances sent
 * @param instancesAllRows the same with every private row a member
 * @param controls the distance attack on each control's copies, in {@link Control} order
 * @param snapshot the snapshot attack, with the same members as {@code instances}
 * @param snapshotAllRows the snapshot attack with every private row (every row the model trained
 *     on) a member
 * @param instancesSelected the distance attack, selection-matched: the source rows (and rows equal
 *     to one) against the non-members the rule of step 1 selects
 * @param snapshotSelected the snapshot attack on the same records
 * @param lira the likelihood-ratio attack ({@link LikelihoodRatioAttack#NONE} without shadow
 *     models)
 * @param attacks the further attacks on what the site sent ({@link SentAttack}), by key
 */
public record SiteAudit(
    int site,
    double radius,
    double[] dcr,
    Scores instances,
    Scores instancesAllRows,
    List<Scores> controls,
    Scores snapshot,
    Scores snapshotAllRows,
    Scores instancesSelected,
    Scores snapshotSelected,
    LikelihoodRatioAttack lira,
    SortedMap<String, Attacked> attacks)
    implements AttackScores {

  public SiteAudit {
    controls = List.copyOf(controls);
    attacks = Collections.unmodifiableSortedMap(new TreeMap<>(attacks));
  }

  /**
   * One further attack on what the site sent ({@link SentAttack}), scored like the distance attack.
   */
  public record Attacked(Scores instances, Scores instancesAllRows, List<Scores> controls)
      implements AttackScores {
    public Attacked {
      controls = List.copyOf(controls);
    }
  }

  /**
   * One attack's scores of the members and of the non-members, each ascending (higher says
   * "member"), with each record's class, which the figures match the non-members to the members'
   * mix by ({@link Membership}).
   */
  public record Scores(
      double[] members, int[] memberClasses, double[] nonMembers, int[] nonMemberClasses) {
    /**
     * Sorts copies of the scores, each with its class, by score then class: in any order they would
     * say which record scored what.
     */
    public Scores {
      if (members.length != memberClasses.length || nonMembers.length != nonMemberClasses.length)
        throw new IllegalArgumentException("one class per score");
      int[] m = ascending(members, memberClasses);
      int[] n = ascending(nonMembers, nonMemberClasses);
      double[] memberScores = members;
      int[] memberLabels = memberClasses;
      double[] nonMemberScores = nonMembers;
      int[] nonMemberLabels = nonMemberClasses;
      members = IntStream.of(m).mapToDouble(i -> memberScores[i]).toArray();
      memberClasses = IntStream.of(m).map(i -> memberLabels[i]).toArray();
      nonMembers = IntStream.of(n).mapToDouble(j -> nonMemberScores[j]).toArray();
      nonMemberClasses = IntStream.of(n).map(j -> nonMemberLabels[j]).toArray();
    }

    /**
     * Scores of records all of one class. (A factory, not a second constructor: Akka's Jackson
     * deserialises a record through its only constructor.)
     */
    public static Scores ofOneClass(double[] members, double[] nonMembers) {
      return new Scores(members, new int[members.length], nonMembers, new int[nonMembers.length]);
    }

    /** The scores {@code scores} of {@code rows}, members where {@code member} says (null: all). */
    static Scores split(
        double[] scores, Dataset rows, boolean[] member, double[] outScores, Dataset outsiders) {
      boolean[] all = member == null ? everyRow(rows.size()) : member;
      return new Scores(
          selected(scores, all), selected(rows.labels(), all), outScores, outsiders.labels());
    }

    private static int[] ascending(double[] scores, int[] classes) {
      return IntStream.range(0, scores.length)
          .boxed()
          .sorted(
              Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> classes[i]))
          .mapToInt(Integer::intValue)
          .toArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Scores s
          && Arrays.equals(members, s.members)
          && Arrays.equals(memberClasses, s.memberClasses)
          && Arrays.equals(nonMembers, s.nonMembers)
          && Arrays.equals(nonMemberClasses, s.nonMemberClasses);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(members) + Arrays.hashCode(nonMembers);
    }
  }

  /**
   * Audits the instances of the lessons {@code sent} from the site (every teacher, every student:
   * the students together are the worst-case attacker).
   *
   * @param sources the site's rows (indices) that at least one instance came from, in any order
   * @param behind the sources and every row a guard anchored their search at ({@link
   *     SitePrivacy#anchorRows})
   * @param models every learner's model in the round, indexed like the learners, as the site's
   *     peers received them: the site's own (the snapshot attack's) and the teachers' (the
   *     output-space attack's)
   * @param alpha the teacher's influence α of the quintessential targets, which the students know
   * @param learner the site's learner, which the likelihood-ratio attacker trains its models with
   * @param seed the round's seed, which draws the random control and the shadow models' halves
   */
  public static SiteAudit of(
      int site,
      SitePrivacy privacy,
      Dataset nonMembers,
      List<Lesson> lessons,
      int[] sources,
      int[] behind,
      List<Model> models,
      double alpha,
      Learner learner,
      long seed) {
    List<float[]> sent = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Lesson lesson : lessons) {
      sent.addAll(List.of(lesson.features()));
      for (int y : lesson.labels()) labels.add(y);
    }
    double[] dcr = new double[sent.size()];
    for (int v = 0; v < dcr.length; v++) dcr[v] = privacy.rows().distance(sent.get(v));
    Dataset data = privacy.data();
    Dataset outsiders = outsiders(data, nonMembers);
    boolean[] member = copiesOf(data, behind);

    NearestRows instances = new NearestRows(sent.toArray(float[][]::new));
    double[] all = distanceScores(instances, data.features());
    double[] out = distanceScores(instances, outsiders.features());
    List<Scores> controls = new ArrayList<>();
    List<int[]> copied = new ArrayList<>();
    List<boolean[]> copyMembers = new ArrayList<>();
    for (Control control : Control.values()) {
      int[] rows =
          switch (control) {
            case SOURCE_ROWS -> IntStream.of(sources).distinct().sorted().toArray();
            case RANDOM_ROWS ->
                randomRows(data.size(), Seeds.derive(seed, Seeds.Phase.PRIVACY, site, 2));
          };
      copied.add(rows);
      copyMembers.add(copiesOf(data, rows));
      NearestRows copies = new NearestRows(data.subset(data.name(), rows).features());
      boolean[] copyMember = copyMembers.get(copyMembers.size() - 1);
      controls.add(
          new Scores(
              distanceScores(copies, select(data.features(), copyMember)),
              selected(data.labels(), copyMember),
              distanceScores(copies, outsiders.features()),
              outsiders.labels()));
    }
    SortedMap<String, Attacked> attacks = new TreeMap<>();
    for (SentAttack attack : SentAttack.all(alpha)) {
      SentAttack.Scorer scorer = attack.against(lessons, models);
      double[] allScores = scorer.scores(data.features());
      double[] outScores = scorer.scores(outsiders.features());
      List<Scores> attackControls = new ArrayList<>();
      for (int c = 0; c < copied.size(); c++) {
        SentAttack.Scorer copies =
            attack.against(copiesSent(site, lessons, data, copied.get(c)), models);
        attackControls.add(
            Scores.split(
                copies.scores(data.features()),
                data,
                copyMembers.get(c),
                copies.scores(outsiders.features()),
                outsiders));
      }
      attacks.put(
          attack.key(),
          new Attacked(
              Scores.split(allScores, data, member, outScores, outsiders),
              Scores.split(allScores, data, null, outScores, outsiders),
              attackControls));
    }
    Model snapshot = models.get(site);
    double[] confidence = confidences(snapshot, data);
    double[] outConfidence = confidences(snapshot, outsiders);
    boolean[] source = copiesOf(data, sources);
    boolean[] chosen = chosenByTheRule(lessons, models, outsiders);
    Dataset chosenOutsiders = outsiders.subset(outsiders.name() + "/selected", indices(chosen));
    return new SiteAudit(
        site,
        privacy.radius(),
        sorted(dcr),
        Scores.split(all, data, member, out, outsiders),
        Scores.split(all, data, null, out, outsiders),
        controls,
        Scores.split(confidence, data, member, outConfidence, outsiders),
        Scores.split(confidence, data, null, outConfidence, outsiders),
        Scores.split(all, data, source, selected(out, chosen), chosenOutsiders),
        Scores.split(confidence, data, source, selected(outConfidence, chosen), chosenOutsiders),
        LikelihoodRatioAttack.of(
            new LikelihoodRatioAttack.Candidates(data, outsiders, member),
            learner,
            LikelihoodRatioAttack.attacks(
                    site, models.size(), privacy.options().shadowSites(), seed)
                ? privacy.options().shadowModels()
                : 0,
            snapshot,
            new Dataset(
                data.name() + "/sent",
                data.schema(),
                data.classNames(),
                sent.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray()),
            copied,
            copyMembers,
            Seeds.derive(seed, Seeds.Phase.PRIVACY, site, 3)),
        attacks);
  }

  /**
   * A control's lessons: the private rows {@code rows} sent unchanged, by every teacher that sent
   * an instance in {@code lessons}, or by the site's own learner when none did (the random control
   * copies rows whether or not the site sent anything; a lesson with no instance, which one runtime
   * records and the other does not, changes nothing).
   */
  private static List<Lesson> copiesSent(int site, List<Lesson> lessons, Dataset data, int[] rows) {
    Dataset copies = data.subset(data.name(), rows);
    int[] teachers =
        lessons.stream()
            .filter(l -> l.size() > 0)
            .mapToInt(Lesson::teacher)
            .distinct()
            .sorted()
            .toArray();
    return IntStream.of(teachers.length == 0 ? new int[] {site} : teachers)
        .mapToObj(
            t -> new Lesson(site, t, t, copies.features(), copies.labels(), copies.size(), 0, 0))
        .toList();
  }

  /**
   * Which rows of {@code data} equal one of its rows {@code picked} (those, and their exact
   * duplicates).
   */
  private static boolean[] copiesOf(Dataset data, int[] picked) {
    Set<FloatBuffer> values = new HashSet<>();
    for (int i : picked) values.add(FloatBuffer.wrap(data.row(i)));
    boolean[] copy = new boolean[data.size()];
    for (int i = 0; i < copy.length; i++) copy[i] = values.contains(FloatBuffer.wrap(data.row(i)));
    return copy;
  }

  /**
   * Which of {@code rows} the rule of step 1 selects for a (teacher, student) pair of {@code
   * lessons} that sent an instance: the teacher's model predicts the row's class, the student's
   * does not. Each model predicts the rows once. A pair whose student's (or teacher's) snapshot the
   * site no longer holds is left out: a many-agent site lets its students' snapshots go once their
   * deficiencies are found, and then selects nothing.
   */
  private static boolean[] chosenByTheRule(List<Lesson> lessons, List<Model> models, Dataset rows) {
    boolean[] chosen = new boolean[rows.size()];
    if (rows.size() == 0) return chosen;
    Map<Integer, boolean[]> right = new HashMap<>();
    Function<Integer, boolean[]> predictsRight =
        m ->
            right.computeIfAbsent(
                m,
                i -> {
                  int[] predicted = models.get(i).predict(rows.features());
                  boolean[] r = new boolean[predicted.length];
                  for (int n = 0; n < r.length; n++) r[n] = predicted[n] == rows.label(n);
                  return r;
                });
    Set<List<Integer>> pairs = new LinkedHashSet<>();
    for (Lesson lesson : lessons)
      if (lesson.size() > 0
          && models.get(lesson.teacher()) != null
          && models.get(lesson.student()) != null)
        pairs.add(List.of(lesson.teacher(), lesson.student()));
    for (List<Integer> pair : pairs) {
      boolean[] teacher = predictsRight.apply(pair.get(0));
      boolean[] student = predictsRight.apply(pair.get(1));
      for (int n = 0; n < chosen.length; n++) chosen[n] |= teacher[n] && !student[n];
    }
    return chosen;
  }

  private static int[] indices(boolean[] keep) {
    return IntStream.range(0, keep.length).filter(i -> keep[i]).toArray();
  }

  /** The non-member rows that equal no private row (none when there are no non-members). */
  private static Dataset outsiders(Dataset data, Dataset nonMembers) {
    if (nonMembers == null) return data.subset(data.name() + "/no-non-members", new int[0]);
    Set<FloatBuffer> values = new HashSet<>();
    for (float[] row : data.features()) values.add(FloatBuffer.wrap(row));
    int[] kept =
        IntStream.range(0, nonMembers.size())
            .filter(n -> !values.contains(FloatBuffer.wrap(nonMembers.row(n))))
            .toArray();
    return kept.length == nonMembers.size()
        ? nonMembers
        : nonMembers.subset(nonMembers.name(), kept);
  }

  /**
   * ⌈{@link Control#RANDOM_SHARE}·n⌉ of the indices 0..n−1 (at least one), drawn with {@code seed},
   * ascending.
   */
  private static int[] randomRows(int n, long seed) {
    int[] pool = IntStream.range(0, n).toArray();
    int k = Math.min(n, Math.max(1, (int) Math.ceil(Control.RANDOM_SHARE * n)));
    SplittableRandom random = new SplittableRandom(seed);
    for (int d = 0; d < k; d++) {
      int pick = d + random.nextInt(n - d);
      int t = pool[d];
      pool[d] = pool[pick];
      pool[pick] = t;
    }
    int[] drawn = Arrays.copyOf(pool, k);
    Arrays.sort(drawn);
    return drawn;
  }

  /** The confidence {@code model} gives each row's true class. */
  private static double[] confidences(Model model, Dataset rows) {
    if (rows.size() == 0) return new double[0];
    float[][] p = model.predictProba(rows.features());
    double[] confidence = new double[p.length];
    for (int n = 0; n < p.length; n++) confidence[n] = p[n][rows.label(n)];
    return confidence;
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
  public static Dataset nonMembers(
      int site, SitePrivacy privacy, Dataset heldOut, Dataset test, long seed) {
    if (heldOut != null && heldOut.size() > 0) return heldOut;
    if (test == null) return null;
    int[] quota = privacy.data().classCounts();
    int cap =
        privacy.options().nonMembers() == 0 ? Integer.MAX_VALUE : privacy.options().nonMembers();
    Dataset shuffled = test.shuffled(Seeds.derive(seed, Seeds.Phase.PRIVACY, site));
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < shuffled.size() && picked.size() < cap; i++) {
      int y = shuffled.label(i);
      if (y < quota.length && quota[y] > 0) {
        quota[y]--;
        picked.add(i);
      }
    }
    Dataset sample =
        shuffled.subset(
            test.name() + "/non-members-" + site,
            picked.stream().mapToInt(Integer::intValue).toArray());
    boolean[] unobserved = unobservedColumns(privacy.data());
    float[][] seen = new float[sample.size()][];
    for (int n = 0; n < seen.length; n++) {
      seen[n] = sample.row(n).clone();
      for (int c = 0; c < seen[n].length; c++) if (unobserved[c]) seen[n][c] = 0;
    }
    return sample.withRows(sample.name(), sample.schema(), seen);
  }

  /**
   * The columns in which every row of {@code data} is 0: features the site does not have (or never
   * saw set).
   */
  static boolean[] unobservedColumns(Dataset data) {
    boolean[] unobserved = new boolean[data.numFeatures()];
    Arrays.fill(unobserved, true);
    for (float[] row : data.features())
      for (int c = 0; c < row.length; c++) if (row[c] != 0) unobserved[c] = false;
    return unobserved;
  }

  /**
   * Minus each row's distance to the nearest of {@code sent} (−∞ when nothing was sent); a copy
   * scores 0, never −0.
   */
  private static double[] distanceScores(NearestRows sent, float[][] rows) {
    double[] score = new double[rows.length];
    for (int n = 0; n < rows.length; n++) score[n] = 0.0 - sent.distance(rows[n]);
    return score;
  }

  private static double[] selected(double[] values, boolean[] keep) {
    return IntStream.range(0, values.length)
        .filter(i -> keep[i])
        .mapToDouble(i -> values[i])
        .toArray();
  }

  private static int[] selected(int[] values, boolean[] keep) {
    return IntStream.range(0, values.length).filter(i -> keep[i]).map(i -> values[i]).toArray();
  }

  private static boolean[] everyRow(int n) {
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);
    return all;
  }

  private static float[][] select(float[][] rows, boolean[] keep) {
    return IntStream.range(0, rows.length)
        .filter(i -> keep[i])
        .mapToObj(i -> rows[i])
        .toArray(float[][]::new);
  }

  private static double[] sorted(double[] values) {
    Arrays.sort(values);
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SiteAudit a
        && site == a.site
        && Double.compare(radius, a.radius) == 0
        && Arrays.equals(dcr, a.dcr)
        && instances.equals(a.instances)
        && instancesAllRows.equals(a.instancesAllRows)
        && controls.equals(a.controls)
        && snapshot.equals(a.snapshot)
        && snapshotAllRows.equals(a.snapshotAllRows)
        && instancesSelected.equals(a.instancesSelected)
        && snapshotSelected.equals(a.snapshotSelected)
        && lira.equals(a.lira)
        && attacks.equals(a.attacks);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Integer.hashCode(site) + Arrays.hashCode(dcr)) + instances.hashCode();
  }

  @Override
  public String toString() {
    return "SiteAudit(site "
        + site
        + ", r_s "
        + radius
        + ", "
        + dcr.length
        + " sent, "
        + instances.members().length
        + " members, "
        + instancesAllRows.members().length
        + " rows, "
        + instances.nonMembers().length
        + " non-members)";
  }
}
