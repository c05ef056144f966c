package dev.lui.power;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one {@link PowerOperation} to many nodes at once, at most {@code parallelism} BMCs at a
 * time, and returns one {@link PowerResult} per node in the order given: a node's failure (a wrong
 * password, a BMC that does not answer, a missing password file) is its result and never stops the
 * others. Each call to the driver is bounded in time, so the batch is too.
 */
public final class PowerBatch {
  /** BMCs talked to at once unless told otherwise. */
  public static final int DEFAULT_PARALLELISM = 16;

  private static final Logger log = LoggerFactory.getLogger(PowerBatch.class);

  private final BmcDriver driver;
  private final SecretSource secrets;
  private final int parallelism;

  public PowerBatch(BmcDriver driver, SecretSource secrets) {
    this(driver, secrets, DEFAULT_PARALLELISM);
  }

  private PowerBatch(BmcDriver driver, SecretSource secrets, int parallelism) {
    this.driver = Objects.requireNonNull(driver, "driver");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.parallelism = parallelism;
  }

  /** The same batch talking to at most {@code parallelism} BMCs at once. */
  public PowerBatch withParallelism(int parallelism) {
    if (parallelism < 1 || parallelism > 1024) {
      throw new IllegalArgumentException(
          "parallelism '" + parallelism + "' is invalid: must be 1-1024");
    }
    return new PowerBatch(driver, secrets, parallelism);
  }

  public int parallelism() {
    return parallelism;
  }

  /**
   * Runs {@code operation} on every target; one result per target, in order.
   *
   * @throws InterruptedException if interrupted while waiting; the BMC calls still running are
   *     interrupted (their tools killed)
   */
  public List<PowerResult> run(PowerOperation operation, List<PowerTarget> targets)
      throws InterruptedException {
    Objects.requireNonNull(operation, "operation");
    List<PowerTarget> all = List.copyOf(targets);
    if (all.isEmpty()) {
      return List.of();
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, all.size()),
            r -> {
              Thread t = new Thread(r, "bmc-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<PowerResult>> futures = new ArrayList<>(all.size());
      for (PowerTarget target : all) {
        futures.add(pool.submit(() -> one(operation, target)));
      }
      List<PowerResult> results = new ArrayList<>(all.size());
      for (int i = 0; i < all.size(); i++) {
        results.add(result(operation, all.get(i), futures.get(i)));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private PowerResult one(PowerOperation operation, PowerTarget target)
      throws InterruptedException {
    try {
      BmcPassword password = secrets.passwordFor(target.bmc());
      PowerResult done =
          new PowerResult.Done(
              target.node(),
              target.bmc(),
              operation,
              operation.apply(driver, target.bmc(), password));
      log.info("{}", done.line());
      return done;
    } catch (BmcException e) {
      PowerResult failed =
          new PowerResult.Failed(
              target.node(), target.bmc(), operation, e.failure(), e.getMessage());
      log.warn("{}", failed.line());
      return failed;
    }
  }

  private static PowerResult result(
      PowerOperation operation, PowerTarget target, Future<PowerResult> future)
      throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // A driver's bug, not the BMC's answer: the node's result says so, the others go on.
      Throwable cause = e.getCause();
      log.error("{} {}: {} failed unexpectedly", target.node(), target.bmc(), operation, cause);
      return new PowerResult.Failed(
          target.node(), target.bmc(), operation, BmcFailure.FAILED, "unexpected error: " + cause);
    }
  }
}
