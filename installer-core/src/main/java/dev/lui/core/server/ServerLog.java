package dev.lui.core.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.lui.core.LuiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.LoggerFactory;

/**
 * The server's log in a file ({@code log-file}) instead of stderr: Logback's rolling appender,
 * configured here rather than in logback.xml so the path is a setting (no Janino conditionals). The
 * file rolls at midnight and at {@link #MAX_FILE_SIZE} into {@code NAME.YYYY-MM-DD.N.log} beside it
 * ({@code NAME} is the file's name less {@code .log}; {@code N} counts from 0 within a day); rolled
 * files are kept {@link #MAX_DAYS} days and {@link #TOTAL_CAP} in all.
 */
public final class ServerLog {
  private ServerLog() {}

  static final FileSize MAX_FILE_SIZE = FileSize.valueOf("50MB");
  static final int MAX_DAYS = 14;
  static final FileSize TOTAL_CAP = FileSize.valueOf("1GB");
  private static final String APPENDER = "FILE";

  /** From now on the root logger writes to {@code file} only (stderr's appender is detached). */
  public static void toFile(Path file) {
    toFile(file, MAX_FILE_SIZE);
  }

  /** {@code file}'s rolled names: {@code lui.log} rolls into {@code lui.%d{yyyy-MM-dd}.%i.log}. */
  static String rolledPattern(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
    return file.resolveSibling(stem + ".%d{yyyy-MM-dd}.%i.log").toString();
  }

  static void toFile(Path file, FileSize maxFileSize) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Files.newOutputStream(absolute, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
    } catch (IOException e) {
      throw LuiException.invalid(
          "--log-file", file.toString(), "cannot write it (" + e.getMessage() + ")");
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setFile(absolute.toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(appender);
    policy.setFileNamePattern(rolledPattern(absolute));
    policy.setMaxFileSize(maxFileSize);
    policy.setMaxHistory(MAX_DAYS);
    policy.setTotalSizeCap(TOTAL_CAP);
    policy.start();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    // The date too: a file outlives the day, unlike a terminal's lines.
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n");
    encoder.start();
    appender.setRollingPolicy(policy);
    appender.setEncoder(encoder);
    appender.start();
    if (!appender.isStarted()) {
      throw LuiException.failed("--log-file " + file + ": Logback could not open it");
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAppender(APPENDER);
    root.addAppender(appender);
    // Said on both, so whoever reads stderr (journald) learns where the log went.
    LoggerFactory.getLogger(ServerLog.class)
        .info(
            "the server logs to {} from now on, rolled into {}", absolute, rolledPattern(absolute));
    root.detachAppender("STDERR");
  }
}
