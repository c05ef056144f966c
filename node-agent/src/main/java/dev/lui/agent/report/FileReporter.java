package dev.lui.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.AgentJson;
import dev.lui.contract.event.AgentEvent;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One JSON {@link AgentEvent} per line, appended and flushed per event (survives a crash). */
public final class FileReporter implements Reporter {
  private final ObjectMapper mapper = AgentJson.newMapper();
  private final Path file;
  private final FileOutputStream out;

  public FileReporter(Path file) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent);
    }
    this.out = new FileOutputStream(file.toFile(), true);
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void report(AgentEvent event) {
    try {
      out.write((mapper.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize event " + event.seq(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write agent log " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.getFD().sync();
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close agent log " + file, e);
    }
  }
}
