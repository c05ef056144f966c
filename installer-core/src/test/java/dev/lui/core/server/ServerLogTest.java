package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ServerLogTest {
  @TempDir Path tmp;

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final List<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> saved = new ArrayList<>();

  @BeforeEach
  void save() {
    for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it =
            root.iteratorForAppenders();
        it.hasNext(); ) {
      saved.add(it.next());
    }
  }

  @AfterEach
  void restore() {
    Appender<ch.qos.logback.classic.spi.ILoggingEvent> file = root.getAppender("FILE");
    root.detachAndStopAllAppenders();
    saved.forEach(root::addAppender);
    if (file != null) {
      file.stop();
    }
  }

  @Test
  void namesRolledFilesAfterTheLogFileTheDayAndACounter() {
    assertThat(ServerLog.rolledPattern(Path.of("/var/log/lui/lui.log")))
        .isEqualTo("/var/log/lui/lui.%d{yyyy-MM-dd}.%i.log");
    assertThat(ServerLog.rolledPattern(Path.of("/var/log/lui/server")))
        .isEqualTo("/var/log/lui/server.%d{yyyy-MM-dd}.%i.log");
  }

  @Test
  void writesTheServersLogToTheFileAndRollsItAtItsSize() throws IOException {
    Path file = tmp.resolve("logs/lui.log");
    ServerLog.toFile(file, FileSize.valueOf("2KB"));
    org.slf4j.Logger log = LoggerFactory.getLogger("dev.lui.core.server.LuiServer");
    for (int i = 0; i < 100; i++) {
      log.warn("line {} of a log that outgrows two kilobytes", i);
    }
    assertThat(root.getAppender("STDERR")).as("stderr is no longer written").isNull();
    assertThat(Files.readString(file)).contains("WARN  LuiServer: line 99 of a log");
    List<String> rolled;
    try (Stream<Path> files = Files.list(file.getParent())) {
      rolled =
          files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lui.log")).toList();
    }
    assertThat(rolled)
        .isNotEmpty()
        .allMatch(n -> n.matches("lui\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log"));
  }

  @Test
  void refusesALogFileItCannotWriteNamingTheSetting() throws IOException {
    Path blocker = Files.writeString(tmp.resolve("file"), "");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServerLog.toFile(blocker.resolve("lui.log")))
        .hasMessageContaining("--log-file")
        .hasMessageContaining("cannot write it");
    assertThat(root.getAppender("FILE")).isNull();
  }
}
