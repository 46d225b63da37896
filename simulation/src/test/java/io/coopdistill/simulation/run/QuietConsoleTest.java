package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * --quiet keeps warnings off the console while it is open, and leaves the console's filters as they
 * were.
 */
class QuietConsoleTest {
  @Test
  void onlyErrorsReachTheConsoleWhileOpen() {
    Logger root =
        ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
    root.iteratorForAppenders()
        .forEachRemaining(
            a -> {
              if (a instanceof ConsoleAppender) consoles.add(a);
            });
    assertFalse(consoles.isEmpty(), "logback-test.xml has a console appender");
    Appender<ILoggingEvent> console = consoles.get(0);
    int filters = console.getCopyOfAttachedFiltersList().size();
    ILoggingEvent warning =
        new LoggingEvent(Logger.FQCN, root, Level.WARN, "a warning", null, null);
    ILoggingEvent error = new LoggingEvent(Logger.FQCN, root, Level.ERROR, "an error", null, null);
    try (QuietConsole quiet = QuietConsole.open()) {
      assertEquals(FilterReply.DENY, console.getFilterChainDecision(warning));
      assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(error));
    }
    assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(warning));
    assertEquals(filters, console.getCopyOfAttachedFiltersList().size());
  }
}
