package io.coopdistill.simulation.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.model.dl4j.OffHeapLimit;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the process's resident memory near a soft limit ({@value #PATH}; why, and the defaults, in
 * {@code conf/learners-dl4j.conf}). ND4J's CPU arrays live outside the Java heap, are not counted
 * by JavaCPP's {@link OffHeapLimit}, and are freed only once the garbage collector collects their
 * small handles, which can sit in the old generation for minutes while gigabytes of dead arrays
 * stay resident. A daemon thread reads the resident size and asks for a full collection when it is
 * over the limit, at most once per interval; the interval doubles while collections do not bring it
 * back under, so a run whose live data needs more than the limit slows little and is told once.
 */
public final class ResidentMemoryWatch implements AutoCloseable {
  public static final String PATH = "coopdistill.nd4j.resident-memory";
  private static final Logger LOG = LoggerFactory.getLogger(ResidentMemoryWatch.class);
  private static ResidentMemoryWatch running;

  /**
   * @param limitBytes resident size above which a collection is asked for; 0 turns the watch off
   * @param poll how often the resident size is read
   * @param minGap the shortest time between two collections it asks for
   * @param maxGap the longest the gap grows to while collections do not help
   */
  public record Options(long limitBytes, Duration poll, Duration minGap, Duration maxGap) {
    public Options {
      require(limitBytes >= 0, "limit", "a size, \"auto\" or 0 (off)", limitBytes);
      require(poll.toMillis() >= 10, "poll-interval", "at least 10ms", poll);
      require(minGap.toMillis() >= 100, "min-gap", "at least 100ms", minGap);
      require(
          maxGap.compareTo(minGap) >= 0, "max-gap", "at least min-gap (" + minGap + ")", maxGap);
    }

    private static void require(boolean ok, String key, String expected, Object got) {
      if (!ok)
        throw new IllegalArgumentException(
            PATH + "." + key + " must be " + expected + ", got " + got);
    }

    /**
     * Reads {@value #PATH}; a limit of {@code auto} is the heap's maximum plus ND4J's {@link
     * OffHeapLimit}.
     */
    public static Options from(Config root) {
      return ConfigSections.read(
          root,
          PATH,
          c ->
              new Options(
                  limit(c, root),
                  c.getDuration("poll-interval"),
                  c.getDuration("min-gap"),
                  c.getDuration("max-gap")));
    }

    private static long limit(Config c, Config root) {
      if ("auto".equals(c.getValue("limit").unwrapped()))
        return Runtime.getRuntime().maxMemory() + root.getBytes(OffHeapLimit.PATH);
      try {
        return c.getBytes("limit");
      } catch (ConfigException.BadValue e) {
        throw new IllegalArgumentException(
            PATH
                + ".limit must be a size such as 5g, \"auto\" or 0 (off), got "
                + c.getValue("limit").render());
      }
    }
  }

  /**
   * When to ask for a collection, given the resident size and the time: the watch's whole decision,
   * apart from the clock and the thread, so that it can be tested.
   */
  static final class Pacer {
    private final Options options;
    private long gapNanos;
    private long lastCollection = Long.MIN_VALUE;
    private boolean overAfterCollection;
    private boolean warned;

    Pacer(Options options) {
      this.options = options;
      this.gapNanos = options.minGap().toNanos();
    }

    /** True when a collection should run now; {@code rss} is the resident size at {@code nanos}. */
    boolean collectNow(long rss, long nanos) {
      if (rss <= options.limitBytes()) {
        overAfterCollection = false;
        gapNanos = options.minGap().toNanos();
        return false;
      }
      if (lastCollection != Long.MIN_VALUE && nanos - lastCollection < gapNanos) return false;
      if (overAfterCollection) {
        gapNanos = Math.min(2 * gapNanos, options.maxGap().toNanos());
        if (!warned) {
          warned = true;
          LOG.warn(
              "Resident memory {} MB stays above {} MB after a full garbage collection: the live data needs more. "
                  + "Raise {}.limit, or lower -Xmx (COOPDISTILL_JAVA_OPTS) if the heap is what grew.",
              rss >> 20,
              options.limitBytes() >> 20,
              PATH);
        }
      }
      lastCollection = nanos;
      overAfterCollection = true;
      return true;
    }

    long gapNanos() {
      return gapNanos;
    }
  }

  private final ScheduledExecutorService thread;

  private ResidentMemoryWatch(Options options, LongSupplier residentBytes, Runnable collect) {
    Pacer pacer = new Pacer(options);
    thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "resident-memory-watch");
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(
        () -> {
          long rss = residentBytes.getAsLong();
          if (pacer.collectNow(rss, System.nanoTime())) {
            LOG.debug(
                "resident memory {} MB over {} MB: full garbage collection",
                rss >> 20,
                options.limitBytes() >> 20);
            collect.run();
          }
        },
        options.poll().toMillis(),
        options.poll().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** A watch on {@code residentBytes} that runs {@code collect}; for tests. */
  static ResidentMemoryWatch start(Options options, LongSupplier residentBytes, Runnable collect) {
    return new ResidentMemoryWatch(options, residentBytes, collect);
  }

  /**
   * Starts the process's watch as configured under {@value #PATH} (replacing one started before),
   * or none if its limit is 0. Returns the options in force.
   */
  public static synchronized Options start(Config root) {
    Options options = Options.from(root);
    if (running != null) running.close();
    running =
        options.limitBytes() == 0
            ? null
            : new ResidentMemoryWatch(options, Pointer::physicalBytes, System::gc);
    if (running != null) {
      LOG.info(
          "Resident memory watch: a full garbage collection whenever the process holds more than {} MB ({}.limit)",
          options.limitBytes() >> 20,
          PATH);
    }
    return options;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
