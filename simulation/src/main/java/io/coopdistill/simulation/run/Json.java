package io.coopdistill.simulation.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.learners.FileErrors;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.privacy.audit.Control;
import io.coopdistill.learners.privacy.audit.LikelihoodRatioAttack;
import io.coopdistill.learners.privacy.audit.PrivacyAudit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JSON of checkpoints and results, written as explicit trees (so the files' field names are
 * chosen here, not derived from Java names) and read back the same way.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Objects nested deeper than this many levels are written on one line. Indenting every level made
   * the privacy audit's per-seed, per-site figures a third of results.json's bytes: a six-seed
   * FashionMNIST run wrote 4.3 MB indented throughout and 3.3 MB this way.
   */
  static final int INDENTED_LEVELS = 3;

  private static final ObjectWriter WRITER = MAPPER.writer(new ShallowPrettyPrinter());

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static void write(Path file, JsonNode node) {
    try {
      AtomicFiles.write(file, WRITER.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + file + ": " + e.getMessage(), e);
    }
  }

  public static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  /** A configuration as JSON: what results.json records as the effective configuration. */
  public static JsonNode of(Config config) {
    try {
      return MAPPER.readTree(config.root().render(ConfigRenderOptions.concise()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ArrayNode array(double[] values) {
    ArrayNode a = MAPPER.createArrayNode();
    for (double v : values) a.add(v);
    return a;
  }

  public static ArrayNode array(float[] values) {
    ArrayNode a = MAPPER.createArrayNode();
    for (float v : values) a.add(v);
    return a;
  }

  public static ArrayNode array(int[][] matrix) {
    ArrayNode a = MAPPER.createArrayNode();
    for (int[] row : matrix) {
      ArrayNode r = a.addArray();
      for (int v : row) r.add(v);
    }
    return a;
  }

  /**
   * The non-zero pairs of {@code matrix} as {@code [teacher, student, value]}, by teacher then
   * student: the {@link Results#PAIRS_LAYOUT} of results.json and checkpoints.
   */
  public static ArrayNode nonZeroPairs(PairCounts.Matrix matrix) {
    ArrayNode pairs = MAPPER.createArrayNode();
    matrix.forEachNonZero(
        (teacher, student, value) -> pairs.addArray().add(teacher).add(student).add(value));
    return pairs;
  }

  public static ArrayNode strings(List<String> values) {
    ArrayNode a = MAPPER.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  public static double[] doubles(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) v[i] = node.get(i).asDouble();
    return v;
  }

  public static float[] floats(JsonNode node) {
    float[] v = new float[node.size()];
    for (int i = 0; i < v.length; i++) v[i] = (float) node.get(i).asDouble();
    return v;
  }

  public static int[][] matrix(JsonNode node) {
    int[][] m = new int[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new int[node.get(i).size()];
      for (int j = 0; j < m[i].length; j++) m[i][j] = node.get(i).get(j).asInt();
    }
    return m;
  }

  public static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(n -> values.add(n.asText()));
    return values;
  }

  /** The phase's name in files: lower case with dashes, e.g. {@code set-cover}. */
  public static String phaseName(RoundPhase phase) {
    return phase.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ObjectNode of(DistillationResult r) {
    ObjectNode n = object();
    n.set("learners", strings(r.learners()));
    n.put("seed", r.seed());
    n.set("baseline_accuracy", array(r.baselineAccuracy()));
    n.set("distilled_accuracy", array(r.distilledAccuracy()));
    // Only the pairs that occur: a k×k matrix would grow a many-agent checkpoint with k².
    n.put("layout", Results.PAIRS_LAYOUT);
    for (Count count : Count.values()) n.set(count.key(), nonZeroPairs(r.counts().of(count)));
    n.set("baseline_balanced_accuracy", array(r.baselineBalancedAccuracy()));
    n.set("distilled_balanced_accuracy", array(r.distilledBalancedAccuracy()));
    ObjectNode phases = n.putObject("phase_seconds");
    r.phaseSeconds().forEach((phase, seconds) -> phases.put(phaseName(phase), seconds));
    if (r.privacy() != null) n.set("privacy", of(r.privacy()));
    if (r.accepted() != null) n.set("accepted", booleans(r.accepted()));
    return n;
  }

  /** A round's privacy audit: the pooled figures, and each site's under {@code sites}. */
  public static ObjectNode of(PrivacyAudit audit) {
    ObjectNode n = of(audit.pooled());
    ArrayNode sites = n.putArray("sites");
    audit.sites().forEach(f -> sites.add(of(f)));
    return n;
  }

  /** One site's (or the pooled) privacy figures, under the keys results.json documents. */
  public static ObjectNode of(PrivacyAudit.Figures f) {
    ObjectNode n = object();
    if (f.site() >= 0) {
      n.put("site", f.site());
      n.put("r_s", f.radius());
    }
    n.put("sent", f.sent());
    n.put("near_copies", f.nearCopies());
    n.put("near_copy_rate", f.nearCopyRate());
    ObjectNode dcr = n.putObject("dcr");
    for (int q = 0; q < PrivacyAudit.DCR_QUANTILES.length; q++)
      dcr.put(dcrKey(PrivacyAudit.DCR_QUANTILES[q]), f.dcr()[q]);
    attacked(n, f);
    n.set(MEMBERSHIP_SELECTED, of(f.selected()));
    snapshot(n, f.snapshot(), f.snapshotAllRows())
        .set(MEMBERSHIP_SELECTED, of(f.snapshotSelected()));
    if (f.lira().measured()) {
      ObjectNode lira = n.putObject(LIRA);
      attacked(lira, f.lira());
      snapshot(lira, f.lira().snapshot(), f.lira().snapshotAllRows());
    }
    ObjectNode attacks = n.putObject(ATTACKS);
    f.attacks().forEach((key, a) -> attacked(attacks.putObject(key), a));
    return n;
  }

  /**
   * An attack with controls (the distance attack at the top of a site's figures, the
   * likelihood-ratio attack under {@link #LIRA}, each further attack under {@link #ATTACKS}): on
   * the instances, on every row, on each control; its verdict.
   */
  private static void attacked(ObjectNode n, PrivacyAudit.Attacks a) {
    n.set(MEMBERSHIP, of(a.membership()));
    n.set(MEMBERSHIP_ALL_ROWS, of(a.allRows()));
    ObjectNode controls = n.putObject(CONTROLS);
    for (Control c : Control.values()) controls.set(c.key(), of(a.controls().get(c.ordinal())));
    n.put("insensitive", a.insensitive());
  }

  /** An attack on the snapshot, under {@link #SNAPSHOT}, which it returns. */
  private static ObjectNode snapshot(
      ObjectNode n, PrivacyAudit.Attack members, PrivacyAudit.Attack all) {
    ObjectNode snapshot = n.putObject(SNAPSHOT);
    snapshot.set(MEMBERSHIP, of(members));
    snapshot.set(MEMBERSHIP_ALL_ROWS, of(all));
    return snapshot;
  }

  /** One membership attack's figures. */
  public static ObjectNode of(PrivacyAudit.Attack a) {
    ObjectNode n = object();
    n.put("members", a.members());
    n.put("non_members", a.nonMembers());
    n.put("auc", a.auc());
    n.set("auc_ci95", array(new double[] {a.aucLow(), a.aucHigh()}));
    n.put("tpr_at_1pct_fpr", a.tprAt1pctFpr());
    n.put("smallest_measurable_fpr", a.smallestFpr());
    n.put("auc_unmatched", a.aucUnmatched());
    return n;
  }

  /** The keys of a privacy audit's attacks in results.json. */
  public static final String MEMBERSHIP = "membership";

  public static final String MEMBERSHIP_ALL_ROWS = "membership_all_rows";
  public static final String MEMBERSHIP_SELECTED = "membership_selected";
  public static final String CONTROLS = "controls";
  public static final String SNAPSHOT = "snapshot";
  public static final String LIRA = "lira";

  /** The further attacks on what was sent, by key, each with its controls. */
  public static final String ATTACKS = "attacks";

  /** The key of a DCR quantile: {@code p01}, {@code p05}, {@code p50}. */
  public static String dcrKey(double quantile) {
    return String.format(Locale.ROOT, "p%02d", Math.round(quantile * 100));
  }

  static PrivacyAudit privacyAudit(JsonNode n) {
    List<PrivacyAudit.Figures> sites = new ArrayList<>();
    n.get("sites").forEach(s -> sites.add(figures(s)));
    return new PrivacyAudit(sites, figures(n));
  }

  /**
   * Figures as {@link #of(PrivacyAudit.Figures)} wrote them. A checkpoint written before the audit
   * had controls, a snapshot attack and members that were the rows behind the instances has its
   * attacks unmeasured: its figures came from another attack, and are not mixed with these.
   */
  private static PrivacyAudit.Figures figures(JsonNode n) {
    double[] dcr = new double[PrivacyAudit.DCR_QUANTILES.length];
    for (int q = 0; q < dcr.length; q++)
      dcr[q] = n.get("dcr").get(dcrKey(PrivacyAudit.DCR_QUANTILES[q])).asDouble();
    boolean measured = n.has(MEMBERSHIP_ALL_ROWS);
    PrivacyAudit.Attacked distance = measured ? attacked(n) : PrivacyAudit.Attacked.UNMEASURED;
    // Written before the further attacks existed: none.
    SortedMap<String, PrivacyAudit.Attacked> attacks = new TreeMap<>();
    n.path(ATTACKS).fields().forEachRemaining(e -> attacks.put(e.getKey(), attacked(e.getValue())));
    return new PrivacyAudit.Figures(
        n.has("site") ? n.get("site").asInt() : -1,
        n.has("r_s") ? n.get("r_s").asDouble() : Double.NaN,
        n.get("sent").asInt(),
        n.get("near_copies").asInt(),
        n.get("near_copy_rate").asDouble(),
        dcr,
        distance.membership(),
        distance.allRows(),
        distance.controls(),
        measured ? attack(n.get(SNAPSHOT).get(MEMBERSHIP)) : PrivacyAudit.Attack.UNMEASURED,
        measured
            ? attack(n.get(SNAPSHOT).get(MEMBERSHIP_ALL_ROWS))
            : PrivacyAudit.Attack.UNMEASURED,
        // Written before the selection-matched figures: unmeasured.
        n.has(MEMBERSHIP_SELECTED)
            ? attack(n.get(MEMBERSHIP_SELECTED))
            : PrivacyAudit.Attack.UNMEASURED,
        n.path(SNAPSHOT).has(MEMBERSHIP_SELECTED)
            ? attack(n.get(SNAPSHOT).get(MEMBERSHIP_SELECTED))
            : PrivacyAudit.Attack.UNMEASURED,
        n.has(LIRA) ? lira(n.get(LIRA)) : LikelihoodRatioAttack.Figures.UNMEASURED,
        attacks);
  }

  /** An attack with controls as {@link #attacked(ObjectNode, PrivacyAudit.Attacks)} wrote it. */
  private static PrivacyAudit.Attacked attacked(JsonNode n) {
    return new PrivacyAudit.Attacked(
        attack(n.get(MEMBERSHIP)),
        attack(n.get(MEMBERSHIP_ALL_ROWS)),
        Arrays.stream(Control.values()).map(c -> attack(n.get(CONTROLS).get(c.key()))).toList());
  }

  /** The likelihood-ratio attack's figures as {@link #of(PrivacyAudit.Figures)} wrote them. */
  private static LikelihoodRatioAttack.Figures lira(JsonNode n) {
    PrivacyAudit.Attacked instances = attacked(n);
    return new LikelihoodRatioAttack.Figures(
        instances.membership(),
        instances.allRows(),
        instances.controls(),
        attack(n.get(SNAPSHOT).get(MEMBERSHIP)),
        attack(n.get(SNAPSHOT).get(MEMBERSHIP_ALL_ROWS)));
  }

  /**
   * An attack as {@link #of(PrivacyAudit.Attack)} wrote it. One written before the audit matched
   * the classes (no {@code auc_unmatched}) measured the unmatched AUC only: its figures are not
   * mixed with class-matched ones.
   */
  private static PrivacyAudit.Attack attack(JsonNode m) {
    if (!m.has("auc_unmatched"))
      return new PrivacyAudit.Attack(
          m.get("members").asInt(),
          m.get("non_members").asInt(),
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          m.get("auc").asDouble());
    return new PrivacyAudit.Attack(
        m.get("members").asInt(),
        m.get("non_members").asInt(),
        m.get("auc").asDouble(),
        m.get("auc_ci95").get(0).asDouble(),
        m.get("auc_ci95").get(1).asDouble(),
        m.get("tpr_at_1pct_fpr").asDouble(),
        m.get("smallest_measurable_fpr").asDouble(),
        m.get("auc_unmatched").asDouble());
  }

  public static DistillationResult distillationResult(JsonNode n) {
    Map<RoundPhase, Double> phases = new EnumMap<>(RoundPhase.class);
    for (RoundPhase phase : RoundPhase.values()) {
      JsonNode s = n.get("phase_seconds").get(phaseName(phase));
      if (s != null) phases.put(phase, s.asDouble());
    }
    return new DistillationResult(
        strings(n.get("learners")),
        n.get("seed").asLong(),
        doubles(n.get("baseline_accuracy")),
        doubles(n.get("distilled_accuracy")),
        pairCounts(n),
        phases,
        balanced(n.get("baseline_balanced_accuracy"), n.get("learners").size()),
        balanced(n.get("distilled_balanced_accuracy"), n.get("learners").size()),
        n.has("privacy") ? privacyAudit(n.get("privacy")) : null,
        n.has("accepted") ? booleans(n.get("accepted")) : null);
  }

  /**
   * A round's per-pair counts as {@link #of(DistillationResult)} writes them, or as k×k matrices
   * (checkpoints written before pairs were).
   */
  private static PairCounts pairCounts(JsonNode n) {
    int agents = n.get("learners").size();
    Map<Count, JsonNode> byCount = new EnumMap<>(Count.class);
    for (Count count : Count.values()) byCount.put(count, n.get(count.key()));
    // "leaked" is the unchanged count's name in checkpoints written before it was renamed.
    if (!n.has(Count.UNCHANGED.key())) byCount.put(Count.UNCHANGED, n.get("leaked"));
    if (!Results.PAIRS_LAYOUT.equals(n.path("layout").asText())) {
      Map<Count, int[][]> dense = new EnumMap<>(Count.class);
      byCount.forEach((count, m) -> dense.put(count, matrix(m)));
      return PairCounts.ofDense(dense, agents);
    }
    PairCounts.Builder counts = new PairCounts.Builder(agents);
    byCount.forEach(
        (count, m) ->
            m.forEach(
                pair ->
                    counts.add(
                        count, pair.get(0).asInt(), pair.get(1).asInt(), pair.get(2).asInt())));
    return counts.build();
  }

  private static ArrayNode booleans(boolean[] values) {
    ArrayNode a = MAPPER.createArrayNode();
    for (boolean v : values) a.add(v);
    return a;
  }

  private static boolean[] booleans(JsonNode values) {
    boolean[] b = new boolean[values.size()];
    for (int i = 0; i < b.length; i++) b[i] = values.get(i).asBoolean();
    return b;
  }

  /**
   * Balanced accuracies as recorded, or NaN for each learner in checkpoints of versions that did
   * not record them.
   */
  private static double[] balanced(JsonNode values, int learners) {
    if (values != null) return doubles(values);
    double[] unknown = new double[learners];
    Arrays.fill(unknown, Double.NaN);
    return unknown;
  }

  /**
   * Jackson's pretty printer for the first {@link #INDENTED_LEVELS} levels, one line below them.
   */
  private static final class ShallowPrettyPrinter extends DefaultPrettyPrinter {
    @Override
    public DefaultPrettyPrinter createInstance() {
      return new ShallowPrettyPrinter();
    }

    private boolean inline() {
      return _nesting > INDENTED_LEVELS;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      if (inline()) g.writeRaw(' ');
      else super.beforeObjectEntries(g);
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      if (inline()) g.writeRaw(", ");
      else super.writeObjectEntrySeparator(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      if (inline()) {
        --_nesting;
        g.writeRaw(" }");
      } else {
        super.writeEndObject(g, nrOfEntries);
      }
    }
  }
}
