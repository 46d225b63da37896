package io.coopdistill.simulation;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The simulation's layers: scenarios, then the methods that run on them, then the runner, then the
 * report of a finished run (a run never imports the report), then the benchmarks, and the CLI on
 * top.
 */
class LayersTest {
  /** This module's main classes, wherever they were built. */
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .importUrl(Main.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void eachPackageImportsOnlyTheLayersBeforeIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("scenario")
        .definedBy("io.coopdistill.simulation.scenario..")
        .layer("methods")
        .definedBy("io.coopdistill.simulation.methods..")
        .layer("run")
        .definedBy("io.coopdistill.simulation.run..")
        .layer("report")
        .definedBy("io.coopdistill.simulation.report..")
        .layer("bench")
        .definedBy("io.coopdistill.simulation.bench..")
        .layer("cli")
        .definedBy("io.coopdistill.simulation")
        .whereLayer("scenario")
        .mayOnlyBeAccessedByLayers("methods", "run", "report", "bench", "cli")
        .whereLayer("methods")
        .mayOnlyBeAccessedByLayers("run", "report", "bench", "cli")
        .whereLayer("run")
        .mayOnlyBeAccessedByLayers("report", "bench", "cli")
        .whereLayer("report")
        .mayOnlyBeAccessedByLayers("bench", "cli")
        .whereLayer("bench")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .check(MAIN);
  }

  @Test
  void noPackageCycle() {
    slices().matching("io.coopdistill.(**)").should().beFreeOfCycles().check(MAIN);
  }
}
