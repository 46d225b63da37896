package io.coopdistill.simulation.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The run's log, DIR/coopdistill.log: attached to the root logger once the run directory is known
 * (so that a failed validation writes nothing), detached when the run ends.
 */
public final class LogFile implements AutoCloseable {
  private final FileAppender<ILoggingEvent> appender;
  private final Logger root;

  private LogFile(FileAppender<ILoggingEvent> appender, Logger root) {
    this.appender = appender;
    this.root = root;
  }

  /**
   * Starts logging into {@code dir}/coopdistill.log (appending, so a resumed run keeps its
   * history).
   */
  public static LogFile attach(Path dir) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context))
      return new LogFile(null, null);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("run-log");
    appender.setFile(dir.resolve("coopdistill.log").toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    return new LogFile(appender, root);
  }

  /**
   * Writes {@code error} with its stack trace to the log file only: the console gets one line (see
   * Main).
   */
  public void failed(String message, Throwable error) {
    if (appender == null) return;
    appender.doAppend(new LoggingEvent(Logger.FQCN, root, Level.ERROR, message, error, null));
  }

  @Override
  public void close() {
    if (appender == null) return;
    root.detachAppender(appender);
    appender.stop();
  }
}
