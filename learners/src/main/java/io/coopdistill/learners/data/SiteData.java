package io.coopdistill.learners.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Data for cooperating sites with mismatched feature sets: each training site's rows and the common
 * test set, all encoded in the union of the training sites' encodings, with the features each site
 * lost (so a report can say which site lacks what).
 *
 * @param training one data set per site, in the order given
 * @param droppedFeatures per training site, the features it does not have
 */
public record SiteData(
    List<Dataset> training,
    Dataset test,
    TabularEncoding union,
    List<List<String>> droppedFeatures) {
  public SiteData {
    training = List.copyOf(training);
    droppedFeatures = droppedFeatures.stream().map(List::copyOf).toList();
    if (training.size() != droppedFeatures.size())
      throw new IllegalArgumentException("one list of dropped features per site");
  }

  /**
   * Fits an encoding on each site's table, unites them, and encodes every site and the test table
   * in the union (the test table's extra columns are ignored).
   */
  public static SiteData encode(List<Table> sites, List<List<String>> droppedFeatures, Table test) {
    return encode(sites, droppedFeatures, List.of(test), test.name());
  }

  /**
   * As {@link #encode(List, List, Table)}, with a test set made of several tables one after the
   * other (e.g. the rows held out of each site), named {@code testName}.
   */
  public static SiteData encode(
      List<Table> sites,
      List<List<String>> droppedFeatures,
      List<Table> testParts,
      String testName) {
    List<TabularEncoding> encodings = sites.stream().map(TabularEncoding::fit).toList();
    TabularEncoding union = TabularEncoding.union(encodings);
    List<Dataset> training = new ArrayList<>();
    for (Table site : sites) training.add(union.encode(site, site.name()));
    Dataset test = union.encode(testParts.get(0), testName);
    for (Table part : testParts.subList(1, testParts.size()))
      test = test.concat(testName, union.encode(part, part.name()));
    return new SiteData(training, test, union, droppedFeatures);
  }
}
