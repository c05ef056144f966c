package dev.lui.core;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive: background work of the server and the CLI. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads named {@code name} (as thread dumps and logs show them). */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
