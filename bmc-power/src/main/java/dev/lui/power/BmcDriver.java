package dev.lui.power;

/**
 * Talks to one BMC per call. {@link IpmitoolDriver} speaks IPMI through ipmitool; a Redfish driver
 * implements the same calls over HTTPS. Every call is bounded in time: an unreachable BMC or a hung
 * tool ends in a {@link BmcException} ({@link BmcFailure#UNREACHABLE}, {@link
 * BmcFailure#TIMED_OUT}), never a wait without end. Implementations are safe to call from many
 * threads at once ({@link PowerBatch} does).
 */
public interface BmcDriver {
  /** The chassis power now. */
  PowerState status(BmcAddress bmc, BmcPassword password) throws BmcException, InterruptedException;

  /** Powers the node on (nothing happens to one that is on). */
  void powerOn(BmcAddress bmc, BmcPassword password) throws BmcException, InterruptedException;

  /** Powers the node off at once, without asking its operating system. */
  void powerOff(BmcAddress bmc, BmcPassword password) throws BmcException, InterruptedException;

  /**
   * Off, then on again after the BMC's interval; a node that is off stays off or comes on, as the
   * BMC does it.
   */
  void powerCycle(BmcAddress bmc, BmcPassword password) throws BmcException, InterruptedException;

  /** Makes the node boot from {@code device} at its next boot only. */
  void setNextBoot(BmcAddress bmc, BmcPassword password, BootDevice device)
      throws BmcException, InterruptedException;
}
