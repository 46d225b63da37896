package org.nd4j.nativeblas;

/**
 * A shim that lets DL4J 1.0.0-M2.1 find out that ND4J's native build has oneDNN.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code
 * org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection and calls {@code
 * getInstance().isUseMKLDNN()}; that class moved to {@code
 * org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} (and the method became {@code
 * isUseONEDNN}) before M2.1 was released, so without this shim DL4J never uses its oneDNN
 * convolution, pooling and batch-norm helpers. Remove it once DL4J looks up the new name.
 *
 * <p>Why a class in a third-party package: DL4J asks for this exact name (through {@code
 * DL4JClassLoading.loadClassByName}) and has no setting that names another, and its layers keep
 * their helper in a private field, so nothing short of this name turns the helpers on without
 * patching DL4J by reflection. It stays the library's only class outside {@code io.coopdistill}
 * ({@code LayersTest}), next to {@code OneDnnHelpers}, which sets the property DL4J reads too.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** The part of the old {@code Environment} that DL4J calls. */
  public static final class Environment {
    private static final String CURRENT =
        "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /**
     * Whether the loaded native build has oneDNN and may use it. Reflective, so that the project
     * also compiles with the CUDA backend (DL4J asks only when the backend is the CPU one).
     */
    public boolean isUseMKLDNN() {
      try {
        Class<?> current = Class.forName(CURRENT);
        Object environment = current.getMethod("getInstance").invoke(null);
        return (Boolean) current.getMethod("isUseONEDNN").invoke(environment);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "ND4J's CPU backend has no " + CURRENT + ".isUseONEDNN()", e);
      }
    }
  }
}
