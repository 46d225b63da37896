package io.coopdistill.simulation.run;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * While open, the console's log (logback's console appenders on the root logger: warnings and
 * errors by conf/logback.xml) shows errors only, for {@code --quiet}; DIR/coopdistill.log still
 * gets every message.
 */
public final class QuietConsole implements AutoCloseable {
  private final List<Appender<ILoggingEvent>> consoles;
  private final ThresholdFilter errorsOnly;

  private QuietConsole(List<Appender<ILoggingEvent>> consoles, ThresholdFilter errorsOnly) {
    this.consoles = consoles;
    this.errorsOnly = errorsOnly;
  }

  /** Lets only errors through to the console until closed. */
  public static QuietConsole open() {
    ThresholdFilter errorsOnly = new ThresholdFilter();
    errorsOnly.setLevel("ERROR");
    errorsOnly.start();
    List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (appender instanceof ConsoleAppender) {
          appender.addFilter(errorsOnly);
          consoles.add(appender);
        }
      }
    }
    return new QuietConsole(consoles, errorsOnly);
  }

  /** The console's log as it was. */
  @Override
  public void close() {
    for (Appender<ILoggingEvent> console : consoles) {
      List<Filter<ILoggingEvent>> filters = console.getCopyOfAttachedFiltersList();
      console.clearAllFilters();
      filters.stream().filter(f -> f != errorsOnly).forEach(console::addFilter);
    }
  }
}
