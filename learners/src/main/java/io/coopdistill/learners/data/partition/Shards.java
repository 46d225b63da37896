package io.coopdistill.learners.data.partition;

import static io.coopdistill.learners.OptionChecks.require;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Pathological label skew (Flower's PathologicalPartitioner; McMahan et al.'s shards): every site
 * holds exactly {@code classesPerSite} classes, and each class's rows are shared about equally by
 * the sites that hold it. The classes are laid out in a seeded random cycle and site i takes the
 * {@code classesPerSite} consecutive ones from position floor(i · classes / sites), so that every
 * class has a site (which needs sites × classesPerSite ≥ classes), held by about sites ×
 * classesPerSite / classes sites.
 */
public record Shards(int sites, int classesPerSite) implements Partition {
  public Shards {
    require(sites >= 1, "the number of sites", "at least 1", sites);
    require(
        classesPerSite >= 1,
        PartitionOptions.PATH + ".classes-per-site",
        "at least 1",
        classesPerSite);
  }

  @Override
  public int[][] assign(int[] labels, int classes, long seed) {
    if (classesPerSite > classes) {
      throw new IllegalArgumentException(
          "shards: "
              + PartitionOptions.PATH
              + ".classes-per-site = "
              + classesPerSite
              + ", but there are only "
              + classes
              + " classes");
    }
    if ((long) sites * classesPerSite < classes) {
      throw new IllegalArgumentException(
          "shards: "
              + sites
              + " sites of "
              + PartitionOptions.PATH
              + ".classes-per-site = "
              + classesPerSite
              + " hold fewer than the "
              + classes
              + " classes, so the rows of some class would have no site; raise classes-per-site or the sites");
    }
    RandomGenerator random = Rows.random(seed);
    int[] cycle = Rows.shuffled(classes, random);
    List<List<Integer>> holders = new ArrayList<>();
    for (int c = 0; c < classes; c++) holders.add(new ArrayList<>());
    for (int i = 0; i < sites; i++) {
      int start = (int) ((long) i * classes / sites);
      for (int j = 0; j < classesPerSite; j++) holders.get(cycle[(start + j) % classes]).add(i);
    }
    IntStream.Builder[] parts = Rows.builders(sites);
    for (int c = 0; c < classes; c++) {
      int[] members = Rows.shuffledOfClass(labels, c, random);
      int[] owners = holders.get(c).stream().mapToInt(Integer::intValue).toArray();
      if (members.length < owners.length) {
        throw new IllegalArgumentException(
            "shards: class "
                + c
                + " has "
                + members.length
                + " rows, fewer than the "
                + owners.length
                + " sites that hold it ("
                + PartitionOptions.PATH
                + ".classes-per-site = "
                + classesPerSite
                + "); lower classes-per-site or the sites");
      }
      Rows.deal(members, Rows.even(members.length, owners.length), owners, parts);
    }
    return Rows.sorted(parts);
  }
}
