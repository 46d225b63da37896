package io.coopdistill.actors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.coopdistill.actors.cluster.ClusterRuntime;
import org.junit.jupiter.api.Test;

/**
 * The actor runtime sits between the engine and the simulation: it never imports the simulation,
 * and has no package cycle.
 */
class LayersTest {
  /** This module's main classes, wherever they were built. */
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .importUrl(ClusterRuntime.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void theActorsNeverImportTheSimulation() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.coopdistill.simulation..")
        .check(MAIN);
  }

  @Test
  void noPackageCycle() {
    slices().matching("io.coopdistill.(**)").should().beFreeOfCycles().check(MAIN);
  }
}
