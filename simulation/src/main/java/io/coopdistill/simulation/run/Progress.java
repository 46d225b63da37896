package io.coopdistill.simulation.run;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how a run shows its progress, resolved once from {@code
 * coopdistill.simulation.progress} and the command line: bars redrawn in place for a terminal,
 * plain lines for a file, a pipe or CI, or nothing.
 *
 * @param out where progress goes (standard error); null only with style {@link Style#NONE}
 * @param style how, never {@link Style#AUTO}: that is decided by {@link #of}
 * @param interval with {@link Style#LINES}: the least time between two lines within one phase
 */
public record Progress(PrintStream out, Style style, Duration interval) {
  public static final String PATH = "coopdistill.simulation.progress";

  /** No progress at all (--no-progress, --quiet, tests). */
  public static final Progress NONE = new Progress(null, Style.NONE, Duration.ZERO);

  /** The values of {@code coopdistill.simulation.progress.style}. */
  public enum Style {
    /** bars on a terminal, lines otherwise */
    AUTO,
    BARS,
    LINES,
    NONE;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Progress {
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(interval, "interval");
    if (style == Style.AUTO)
      throw new IllegalArgumentException("progress style auto must be resolved before use");
    if (style != Style.NONE && out == null)
      throw new IllegalArgumentException("progress style " + style.key() + " needs a stream");
    if (interval.isNegative())
      throw new IllegalArgumentException(PATH + ".interval must be ≥ 0, got " + interval);
  }

  /**
   * The configured progress, on {@code out}; style {@code auto} becomes bars when {@code terminal}
   * (an interactive console, {@code System.console() != null}), lines otherwise.
   */
  public static Progress of(Config root, boolean terminal, PrintStream out) {
    String name = root.getString(PATH + ".style");
    Style style =
        Arrays.stream(Style.values())
            .filter(s -> s.key().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        PATH
                            + ".style must be one of "
                            + Arrays.stream(Style.values()).map(Style::key).toList()
                            + ", got '"
                            + name
                            + "'"));
    if (style == Style.AUTO) style = terminal ? Style.BARS : Style.LINES;
    return style == Style.NONE
        ? NONE
        : new Progress(out, style, root.getDuration(PATH + ".interval"));
  }

  /** A display for one run; {@link ProgressDisplay#close()} ends its last unit's output. */
  ProgressDisplay display() {
    return switch (style) {
      case BARS -> new ProgressBars(out);
      case LINES -> new ProgressLines(out, interval, System::nanoTime);
      case NONE -> ProgressDisplay.NONE;
      case AUTO -> throw new IllegalStateException("unresolved progress style");
    };
  }
}
