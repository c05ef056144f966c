package dev.lui.core.power;

import dev.lui.power.BmcAddress;
import dev.lui.power.BmcDriver;
import dev.lui.power.BmcException;
import dev.lui.power.BmcFailure;
import dev.lui.power.BmcPassword;
import dev.lui.power.BootDevice;
import dev.lui.power.PowerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BMCs in memory: each host's power, the calls made (in order), hosts that refuse everything and
 * hosts that cannot set the boot device. Thread-safe (PowerBatch calls it from many threads).
 */
final class FakeBmcs implements BmcDriver {
  final Map<String, PowerState> power = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  final Set<String> refusing = new HashSet<>();
  final Set<String> noBootDevice = new HashSet<>();

  private synchronized void call(BmcAddress bmc, String what) throws BmcException {
    calls.add(bmc.host() + " " + what);
    if (refusing.contains(bmc.host())) {
      throw new BmcException(
          BmcFailure.REFUSED,
          "BMC refused the user or password (user " + bmc.user() + " at " + bmc.hostPort() + ")");
    }
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public synchronized PowerState status(BmcAddress bmc, BmcPassword password) throws BmcException {
    call(bmc, "status");
    return power.getOrDefault(bmc.host(), PowerState.OFF);
  }

  @Override
  public synchronized void powerOn(BmcAddress bmc, BmcPassword password) throws BmcException {
    call(bmc, "on");
    power.put(bmc.host(), PowerState.ON);
  }

  @Override
  public synchronized void powerOff(BmcAddress bmc, BmcPassword password) throws BmcException {
    call(bmc, "off");
    power.put(bmc.host(), PowerState.OFF);
  }

  @Override
  public synchronized void powerCycle(BmcAddress bmc, BmcPassword password) throws BmcException {
    call(bmc, "cycle");
    power.put(bmc.host(), PowerState.ON);
  }

  @Override
  public synchronized void setNextBoot(BmcAddress bmc, BmcPassword password, BootDevice device)
      throws BmcException {
    call(bmc, "bootdev " + device.name().toLowerCase(java.util.Locale.ROOT));
    if (noBootDevice.contains(bmc.host())) {
      throw new BmcException(
          BmcFailure.UNSUPPORTED,
          "BMC " + bmc.hostPort() + " refused to set the next boot device to pxe");
    }
  }
}
