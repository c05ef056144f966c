package dev.lui.power;

import java.util.Optional;

/**
 * What {@link PowerBatch} does to each node: one constant per operation, each naming its {@link
 * BmcDriver} method (a new operation is one constant here and one driver method).
 */
public enum PowerOperation {
  ON("power on", stateless(BmcDriver::powerOn)),
  OFF("power off", stateless(BmcDriver::powerOff)),
  CYCLE("power cycle", stateless(BmcDriver::powerCycle)),
  STATUS("power status", (driver, bmc, password) -> Optional.of(driver.status(bmc, password))),
  BOOT_PXE(
      "next boot from the network",
      stateless((driver, bmc, password) -> driver.setNextBoot(bmc, password, BootDevice.PXE)));

  /** One driver call, with the power state when the call reports one. */
  @FunctionalInterface
  private interface Call {
    Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
        throws BmcException, InterruptedException;
  }

  /** A driver call that reports no state. */
  @FunctionalInterface
  private interface Action {
    void run(BmcDriver driver, BmcAddress bmc, BmcPassword password)
        throws BmcException, InterruptedException;
  }

  private final String description;
  private final Call call;

  PowerOperation(String description, Call call) {
    this.description = description;
    this.call = call;
  }

  private static Call stateless(Action action) {
    return (driver, bmc, password) -> {
      action.run(driver, bmc, password);
      return Optional.empty();
    };
  }

  /** What it does, for messages: {@code power on}. */
  public String description() {
    return description;
  }

  /** Runs this operation; the power state when the operation reports one ({@link #STATUS}). */
  Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
      throws BmcException, InterruptedException {
    return call.apply(driver, bmc, password);
  }
}
