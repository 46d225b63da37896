package io.coopdistill.learners.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.coopdistill.learners.ConfigSections;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to read a table (CSV or ARFF) into labelled rows: which column is the label and how its
 * values map to classes, which columns are numeric or nominal, which to drop, and which values mean
 * "not reported".
 *
 * <p>Every CSV column other than the label must be declared numeric, nominal or dropped; ARFF
 * columns not named here keep the type their header declares. Nominal values and declared
 * categories are compared in canonical form (numbers written without trailing zeros, so the
 * Cleveland file's {@code 1.0} and the Hungarian file's {@code 1} are the same category).
 *
 * <p>In HOCON (e.g. in a scenario, for a user's own file):
 *
 * <pre>
 * label-column = target
 * label { binarise-above = 0, class-names = [absent, present] }   # or: label { class-names = [good, bad] }
 * numeric-columns = [age, chol]
 * nominal-columns = [sex, cp]
 * categories { cp = [1, 2, 3, 4] }      # optional; nominal columns not listed take the values seen
 * drop-columns = [id]                   # optional
 * missing-values = ["", "?"]            # optional, this default
 * column-missing-values { chol = [0] }  # optional, extra codes for one column
 * </pre>
 *
 * @param nominalColumns each nominal column with its declared categories, or an empty list to take
 *     the categories the data shows (sorted)
 * @param columnMissingValues per column, values that mean "not reported" in addition to {@code
 *     missingValues}
 */
public record TableSpec(
    String labelColumn,
    LabelRule label,
    List<String> numericColumns,
    Map<String, List<String>> nominalColumns,
    List<String> dropColumns,
    Set<String> missingValues,
    Map<String, Set<String>> columnMissingValues) {

  public static final Set<String> DEFAULT_MISSING_VALUES = Set.of("", "?");

  public TableSpec {
    if (labelColumn == null || labelColumn.isBlank())
      throw new IllegalArgumentException("label-column must be a column name");
    if (label == null) throw new IllegalArgumentException("label: a label rule is required");
    numericColumns = List.copyOf(numericColumns);
    Map<String, List<String>> nominal = new LinkedHashMap<>();
    nominalColumns.forEach(
        (column, categories) -> nominal.put(column, canonicalCategories(column, categories)));
    nominalColumns = Collections.unmodifiableMap(nominal);
    dropColumns = List.copyOf(dropColumns);
    missingValues = Set.copyOf(missingValues);
    Map<String, Set<String>> columnMissing = new LinkedHashMap<>();
    columnMissingValues.forEach(
        (column, values) -> columnMissing.put(column, canonicalSet(values)));
    columnMissingValues = Collections.unmodifiableMap(columnMissing);

    Set<String> seen = new HashSet<>(Set.of(labelColumn));
    List<String> declared = new ArrayList<>(numericColumns);
    declared.addAll(nominalColumns.keySet());
    declared.addAll(dropColumns);
    for (String column : declared) {
      if (!seen.add(column)) {
        throw new IllegalArgumentException(
            "column '"
                + column
                + "' is declared twice (label-column, numeric-columns, "
                + "nominal-columns and drop-columns must not overlap)");
      }
    }
    for (String column : columnMissingValues.keySet()) {
      if (!numericColumns.contains(column) && !nominalColumns.containsKey(column)) {
        throw new IllegalArgumentException(
            "column-missing-values names '"
                + column
                + "', which is not among numeric-columns or nominal-columns");
      }
    }
  }

  public static Builder builder(String labelColumn) {
    return new Builder(labelColumn);
  }

  /** Reads a spec in the HOCON form shown in the class comment. */
  public static TableSpec fromConfig(Config config) {
    return ConfigSections.read(
        "table spec",
        () -> {
          Builder builder = builder(config.getString("label-column"));
          Config label = config.getConfig("label");
          List<String> classNames = label.getStringList("class-names");
          if (label.hasPath("binarise-above")) {
            if (classNames.size() != 2) {
              throw new IllegalArgumentException(
                  "label.class-names: binarise-above needs exactly 2 class names, got "
                      + classNames);
            }
            builder.binariseAbove(
                label.getDouble("binarise-above"), classNames.get(0), classNames.get(1));
          } else {
            builder.classes(classNames.toArray(String[]::new));
          }
          for (String column : stringList(config, "numeric-columns")) builder.numeric(column);
          Config categories = config.hasPath("categories") ? config.getConfig("categories") : null;
          for (String column : stringList(config, "nominal-columns")) {
            String key = ConfigUtil.quoteString(column);
            builder.nominal(
                column,
                categories != null && categories.hasPath(key)
                    ? categories.getStringList(key).toArray(String[]::new)
                    : new String[0]);
          }
          if (categories != null) {
            for (String column : categories.root().keySet()) {
              if (!builder.nominal.containsKey(column)) {
                throw new IllegalArgumentException(
                    "categories names '" + column + "', which is not in nominal-columns");
              }
            }
          }
          for (String column : stringList(config, "drop-columns")) builder.drop(column);
          if (config.hasPath("missing-values"))
            builder.missingValues(config.getStringList("missing-values").toArray(String[]::new));
          if (config.hasPath("column-missing-values")) {
            Config perColumn = config.getConfig("column-missing-values");
            for (String column : perColumn.root().keySet()) {
              builder.columnMissingValues(
                  column,
                  perColumn.getStringList(ConfigUtil.quoteString(column)).toArray(String[]::new));
            }
          }
          return builder.build();
        });
  }

  private static List<String> stringList(Config config, String path) {
    return config.hasPath(path) ? config.getStringList(path) : List.of();
  }

  /** The values that mean "not reported" in {@code column}, in canonical form. */
  Set<String> missingValuesOf(String column) {
    Set<String> all = new HashSet<>(canonicalSet(missingValues));
    all.addAll(columnMissingValues.getOrDefault(column, Set.of()));
    return all;
  }

  /**
   * A number written without trailing zeros ("1.0" and "1" are both "1", ".7" is "0.7"); other text
   * trimmed.
   */
  static String canonical(String value) {
    String trimmed = value.trim();
    BigDecimal number = parseNumber(trimmed);
    return number == null ? trimmed : number.stripTrailingZeros().toPlainString();
  }

  /**
   * The number {@code text} spells, or null: no NaN, infinities or type suffixes, unlike
   * Double.parseDouble.
   */
  static BigDecimal parseNumber(String text) {
    if (text.isEmpty()) return null;
    char first = text.charAt(0);
    if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) return null;
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> canonicalCategories(String column, List<String> categories) {
    List<String> canonical = new ArrayList<>();
    for (String category : categories) {
      String c = canonical(category);
      if (canonical.contains(c))
        throw new IllegalArgumentException("categories of '" + column + "' list '" + c + "' twice");
      canonical.add(c);
    }
    return List.copyOf(canonical);
  }

  private static Set<String> canonicalSet(Set<String> values) {
    Set<String> canonical = new LinkedHashSet<>();
    for (String v : values) canonical.add(canonical(v));
    return canonical;
  }

  /** Maps a label column's value to a class index. */
  public sealed interface LabelRule permits BinariseAbove, DeclaredClasses {
    List<String> classNames();

    /**
     * The class of a (canonical, non-missing) label value.
     *
     * @throws IllegalArgumentException if the value names no class
     */
    int classOf(String value);
  }

  /**
   * Class 1 ({@code above}) where the numeric label exceeds {@code threshold}, class 0 otherwise;
   * e.g. "target > 0".
   */
  public record BinariseAbove(double threshold, String below, String above) implements LabelRule {
    public BinariseAbove {
      if (!Double.isFinite(threshold))
        throw new IllegalArgumentException("label.binarise-above must be a finite number");
      if (below.equals(above))
        throw new IllegalArgumentException(
            "label.class-names must differ, got '" + below + "' twice");
    }

    @Override
    public List<String> classNames() {
      return List.of(below, above);
    }

    @Override
    public int classOf(String value) {
      BigDecimal number = parseNumber(value);
      if (number == null)
        throw new IllegalArgumentException("label '" + value + "' is not a number");
      return number.doubleValue() > threshold ? 1 : 0;
    }
  }

  /** The label's values are the class names themselves, in this order. */
  public record DeclaredClasses(List<String> classNames) implements LabelRule {
    public DeclaredClasses {
      classNames = canonicalCategories("label", classNames);
      if (classNames.size() < 2)
        throw new IllegalArgumentException(
            "label.class-names needs at least 2 classes, got " + classNames);
    }

    @Override
    public int classOf(String value) {
      int index = classNames.indexOf(value);
      if (index < 0)
        throw new IllegalArgumentException(
            "label '" + value + "' is not one of the classes " + classNames);
      return index;
    }
  }

  /** Builds a spec in code; {@link #build()} validates it. */
  public static final class Builder {
    private final String labelColumn;
    private LabelRule label;
    private final List<String> numeric = new ArrayList<>();
    private final Map<String, List<String>> nominal = new LinkedHashMap<>();
    private final List<String> drop = new ArrayList<>();
    private Set<String> missing = DEFAULT_MISSING_VALUES;
    private final Map<String, Set<String>> columnMissing = new LinkedHashMap<>();

    private Builder(String labelColumn) {
      this.labelColumn = labelColumn;
    }

    public Builder binariseAbove(double threshold, String below, String above) {
      label = new BinariseAbove(threshold, below, above);
      return this;
    }

    public Builder classes(String... classNames) {
      label = new DeclaredClasses(List.of(classNames));
      return this;
    }

    public Builder numeric(String... columns) {
      numeric.addAll(List.of(columns));
      return this;
    }

    /** A nominal column; without categories, those seen in the data. */
    public Builder nominal(String column, String... categories) {
      if (nominal.put(column, List.of(categories)) != null)
        throw new IllegalArgumentException("nominal column '" + column + "' declared twice");
      return this;
    }

    public Builder drop(String... columns) {
      drop.addAll(List.of(columns));
      return this;
    }

    /** Replaces the default missing-value tokens ("" and "?"). */
    public Builder missingValues(String... values) {
      missing = new LinkedHashSet<>(List.of(values));
      return this;
    }

    public Builder columnMissingValues(String column, String... values) {
      columnMissing.put(column, new LinkedHashSet<>(List.of(values)));
      return this;
    }

    public TableSpec build() {
      return new TableSpec(labelColumn, label, numeric, nominal, drop, missing, columnMissing);
    }
  }
}
