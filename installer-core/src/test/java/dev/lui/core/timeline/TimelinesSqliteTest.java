package dev.lui.core.timeline;

import dev.lui.core.Json;
import dev.lui.core.store.SqliteStore;
import dev.lui.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class TimelinesSqliteTest extends TimelinesContract {
  @TempDir Path dir;

  @Override
  Store open() {
    return SqliteStore.open(dir.resolve("lui.db"), Json.json());
  }
}
