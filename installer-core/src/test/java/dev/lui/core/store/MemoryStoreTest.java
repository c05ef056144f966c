package dev.lui.core.store;

class MemoryStoreTest extends StoreContract {
  @Override
  Store open() {
    return new MemoryStore();
  }
}
