package io.coopdistill.learners;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How enum options are spelled in configuration ({@code TREE_EXACT} is {@code tree-exact}) and read
 * back, with one error message for an unknown value wherever an option is parsed.
 */
public final class ConfigEnums {
  private ConfigEnums() {}

  /** The configuration name of {@code value}: lower case, dashes for underscores. */
  public static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The configuration names of every constant of {@code type}, in declaration order. */
  public static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigEnums::name).toList();
  }

  /**
   * The constant of {@code type} spelled {@code value}.
   *
   * @param what names the option in the error, e.g. {@code coopdistill.distillation.focus}
   * @throws IllegalArgumentException "WHAT must be a or b, got 'v'" (or "one of [...]" for more
   *     than two)
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
    for (E constant : type.getEnumConstants()) {
      if (name(constant).equals(value)) return constant;
    }
    List<String> known = names(type);
    String allowed = known.size() == 2 ? known.get(0) + " or " + known.get(1) : "one of " + known;
    throw new IllegalArgumentException(what + " must be " + allowed + ", got '" + value + "'");
  }
}
