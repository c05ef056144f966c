package dev.lui.core.timeline;

import dev.lui.core.store.MemoryStore;
import dev.lui.core.store.Store;

class TimelinesMemoryTest extends TimelinesContract {
  @Override
  Store open() {
    return new MemoryStore();
  }
}
