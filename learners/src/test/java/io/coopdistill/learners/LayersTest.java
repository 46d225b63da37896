package io.coopdistill.learners;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's layers: plain Java without Akka, each package importing only the layers before it,
 * and the method's steps in the order of a round ({@code distill/package-info.java}).
 */
class LayersTest {
  /** Lowest first: a layer's name and its packages. */
  private static final List<List<String>> LAYERS =
      List.of(
          List.of("helpers", "io.coopdistill.learners"),
          List.of("data", "io.coopdistill.learners.data.."),
          List.of("model", "io.coopdistill.learners.model.."),
          List.of("seeds", "io.coopdistill.learners.distill"),
          List.of("expertise", "io.coopdistill.learners.distill.expertise"),
          List.of("counterfactual", "io.coopdistill.learners.distill.counterfactual"),
          List.of("privacy guard", "io.coopdistill.learners.privacy"),
          List.of("curriculum", "io.coopdistill.learners.distill.curriculum"),
          List.of("privacy audit", "io.coopdistill.learners.privacy.audit"),
          List.of("round", "io.coopdistill.learners.distill.round"));

  /** This module's main classes, wherever they were built. */
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .importUrl(AtomicFiles.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void eachPackageImportsOnlyTheLayersBeforeIt() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (List<String> layer : LAYERS) layers = layers.layer(layer.get(0)).definedBy(layer.get(1));
    int top = LAYERS.size() - 1;
    for (int i = 0; i < top; i++) {
      layers =
          layers
              .whereLayer(LAYERS.get(i).get(0))
              .mayOnlyBeAccessedByLayers(
                  LAYERS.subList(i + 1, LAYERS.size()).stream()
                      .map(l -> l.get(0))
                      .toArray(String[]::new));
    }
    layers.whereLayer(LAYERS.get(top).get(0)).mayNotBeAccessedByAnyLayer().check(MAIN);
  }

  @Test
  void theEngineNeverImportsAkka() {
    noClasses().should().dependOnClassesThat().resideInAPackage("akka..").check(MAIN);
  }

  @Test
  void noPackageCycle() {
    slices().matching("io.coopdistill.(**)").should().beFreeOfCycles().check(MAIN);
  }

  /**
   * DL4J looks the shim up by its name in ND4J's package (see its comment); nothing else goes
   * there.
   */
  @Test
  void onlyTheOneDnnShimLivesInAThirdPartyPackage() {
    classes()
        .that()
        .resideOutsideOfPackage("io.coopdistill..")
        .should()
        .haveNameMatching("org\\.nd4j\\.nativeblas\\.(Nd4jCpu(\\$.*)?|package-info)")
        .check(MAIN);
  }
}
