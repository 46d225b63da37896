package io.coopdistill.learners;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way configuration is read into options: Typesafe Config's errors (a missing key, a value
 * of the wrong type, a file that does not parse) become {@link IllegalArgumentException}s that say
 * where. Typesafe Config names a key relative to the section it was read from ("pair-budget has
 * type STRING rather than NUMBER"), so the error starts with the section: {@code
 * coopdistill.distillation: conf/distillation.conf: 12: pair-budget has type STRING rather than
 * NUMBER}. An {@link IllegalArgumentException} of the reader's own (an options record's check,
 * which names the key already) passes unchanged.
 */
public final class ConfigSections {
  private ConfigSections() {}

  /**
   * Reads the section at {@code path} of {@code root} with {@code reader}.
   *
   * @throws IllegalArgumentException "PATH: ..." for a missing section or key, or a value of the
   *     wrong type
   */
  public static <T> T read(Config root, String path, Function<Config, T> reader) {
    return read(path, () -> reader.apply(root.getConfig(path)));
  }

  /**
   * Runs {@code reading}, which reads configuration that {@code what} names: a section given as a
   * {@link Config}, one key ("cart option 'max-depth'"), a file.
   *
   * @throws IllegalArgumentException "WHAT: ..." for a missing key, a value of the wrong type or a
   *     file that does not parse
   */
  public static <T> T read(String what, Supplier<T> reading) {
    try {
      return reading.get();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }
}
