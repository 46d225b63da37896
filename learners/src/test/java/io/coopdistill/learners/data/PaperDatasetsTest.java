package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.HeartDisease.Site;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The paper's tabular data sets, read from the project's data folder (coopdistill.data.dir). */
class PaperDatasetsTest {
  private static final Config CONFIG = ConfigFactory.load();

  @Test
  void heartDiseaseSiteSizes() {
    HeartDisease.Options options = HeartDisease.Options.fromConfig(CONFIG);
    assertEquals(200, HeartDisease.read(options.directory(), Site.LONG_BEACH, true).rows());
    assertEquals(123, HeartDisease.read(options.directory(), Site.SWITZERLAND, true).rows());
    assertEquals(294, HeartDisease.read(options.directory(), Site.HUNGARY, true).rows());
    Table cleveland = HeartDisease.read(options.directory(), Site.CLEVELAND, true);
    assertEquals(303, cleveland.rows());
    assertEquals(13, cleveland.columns().size());
    int diseased = 0;
    for (int y : cleveland.labels()) diseased += y;
    assertEquals(139, diseased); // target 1-4
  }

  @Test
  void heartDiseaseSitesDropSparseFeaturesAndShareTheUnionSchema() {
    SiteData data = HeartDisease.load(CONFIG);
    assertEquals(
        List.of(
            List.of(
                "trestbps",
                "chol",
                "thalach",
                "exang",
                "oldpeak",
                "slope",
                "ca",
                "thal"), // Long Beach
            List.of("chol", "fbs", "ca", "thal"), // Switzerland
            List.of("slope", "ca", "thal")),
        data.droppedFeatures()); // Hungary
    assertEquals(
        List.of(
            "age",
            "sex",
            "cp",
            "trestbps",
            "chol",
            "fbs",
            "restecg",
            "thalach",
            "exang",
            "oldpeak",
            "slope"),
        data.union().features().stream().map(TabularEncoding.Feature::name).toList());
    assertEquals(5 + 2 + 4 + 2 + 3 + 2 + 3, data.union().schema().width());
    assertEquals(List.of(200, 123, 294), data.training().stream().map(Dataset::size).toList());
    assertEquals(303, data.test().size());
    for (Dataset d : data.training()) assertEquals(data.union().schema(), d.schema());
    assertEquals(data.union().schema(), data.test().schema());
    for (Dataset d : data.training()) assertEncodedValid(d);
    assertEncodedValid(data.test());

    // Long Beach lacks trestbps, chol, thalach, exang, oldpeak and slope: zero there in every row.
    Dataset longBeach = data.training().get(0);
    TabularEncoding union = data.union();
    for (String lacked : List.of("trestbps", "chol", "thalach", "exang", "oldpeak", "slope")) {
      for (int c : union.columnsOf(lacked)) {
        for (float[] row : longBeach.features()) assertEquals(0f, row[c], lacked);
      }
    }
    // ... while Hungary has chol, and Cleveland everything in the union (its 303 rows span chol's
    // range).
    int chol = union.columnsOf("chol")[0];
    assertTrue(nonZero(data.training().get(2), chol) > 250);
    assertTrue(nonZero(data.test(), chol) > 290);
    // Every Cleveland row reports cp: exactly one cp column set.
    for (float[] row : data.test().features()) {
      float sum = 0;
      for (int c : union.columnsOf("cp")) sum += row[c];
      assertEquals(1f, sum);
    }
  }

  @Test
  void heartDiseaseKeepsCholesterolWhenZeroIsAValue() {
    HeartDisease.Options paper = HeartDisease.Options.fromConfig(CONFIG);
    SiteData data =
        HeartDisease.load(
            new HeartDisease.Options(
                paper.directory(),
                paper.trainingSites(),
                paper.testSite(),
                paper.dropMissingFraction(),
                false));
    assertTrue(!data.droppedFeatures().get(1).contains("chol"), "Switzerland reports chol (all 0)");
    assertTrue(!data.droppedFeatures().get(0).contains("chol"), "Long Beach: only 4% empty");
  }

  @Test
  void germanCreditReadsAllRowsAndFeatures() {
    Table table = GermanCredit.read(CONFIG);
    assertEquals(1000, table.rows());
    assertEquals(20, table.columns().size());
    Dataset data = GermanCredit.load(CONFIG);
    assertEquals(1000, data.size());
    assertEquals(List.of("good", "bad"), data.classNames());
    assertEquals(700, data.classCounts()[0]);
    assertEquals(13, data.schema().oneHotGroups().size());
    assertEncodedValid(data);
  }

  @Test
  void germanCreditFeatureOverlapSplit() {
    Table table = GermanCredit.read(CONFIG);
    SiteData split = GermanCredit.featureOverlapSplit(table, 7, 2);
    assertEquals(List.of(400, 400), split.training().stream().map(Dataset::size).toList());
    assertEquals(200, split.test().size());
    List<String> removedA = split.droppedFeatures().get(0);
    List<String> removedB = split.droppedFeatures().get(1);
    assertEquals(9, removedA.size());
    assertEquals(9, removedB.size());
    Set<String> removedFromBoth = new HashSet<>(removedA);
    removedFromBoth.retainAll(removedB);
    assertTrue(removedFromBoth.isEmpty(), "each feature is removed from one part only");
    assertEquals(
        20, split.union().features().size(), "together the parts still have every feature");
    for (Dataset d : split.training()) assertEncodedValid(d);
    assertEncodedValid(split.test());
    // Seeded: the same seed gives the same split, another seed another one.
    assertEquals(
        split.droppedFeatures(), GermanCredit.featureOverlapSplit(table, 7, 2).droppedFeatures());
    assertNotEquals(
        split.droppedFeatures(), GermanCredit.featureOverlapSplit(table, 8, 2).droppedFeatures());
    assertEquals(20, GermanCredit.featureOverlapSplit(table, 7, 20).union().features().size());
  }

  private static int nonZero(Dataset data, int column) {
    int n = 0;
    for (float[] row : data.features()) if (row[column] != 0f) n++;
    return n;
  }

  /** Values within the schema's bounds; each one-hot group all zero (missing) or exactly one 1. */
  private static void assertEncodedValid(Dataset data) {
    FeatureSchema schema = data.schema();
    for (float[] row : data.features()) {
      for (int c = 0; c < row.length; c++) {
        assertTrue(
            row[c] >= schema.lower(c) && row[c] <= schema.upper(c),
            data.name() + " column " + schema.columns().get(c));
      }
      for (FeatureSchema.OneHotGroup group : schema.oneHotGroups()) {
        int ones = 0;
        for (int c : group.columns()) {
          assertTrue(row[c] == 0f || row[c] == 1f);
          if (row[c] == 1f) ones++;
        }
        assertTrue(ones <= 1, group.feature());
      }
    }
  }
}
