package dev.lui.tests.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Each scenario works in tests/target/e2e/NAME, kept after the run so its logs can be read. */
final class E2eDirs {
  private E2eDirs() {}

  static Path fresh(String name) {
    Path dir =
        Path.of(System.getProperty("user.dir"))
            .resolve("target/e2e")
            .resolve(name)
            .toAbsolutePath();
    Cmd.run(Duration.ofMinutes(2), "rm", "-rf", dir.toString());
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
