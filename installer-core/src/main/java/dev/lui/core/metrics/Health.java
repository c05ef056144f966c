package dev.lui.core.metrics;

import dev.lui.core.publish.Publisher;
import dev.lui.core.store.Store;
import dev.lui.dhcp.DhcpPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz}: whether the parts that serve nodes work now. The store answers a read; the
 * TFTP loop runs; the publisher's last publication, DHCP reload and DNS update did not fail, and no
 * DHCP reload waits unscheduled (a failed one waits for the next change). Each check names what it
 * found, so a 503 says why.
 */
public final class Health {
  private final Store store;
  private final BooleanSupplier tftpRunning;
  private final Publisher publisher;

  public Health(Store store, BooleanSupplier tftpRunning, Publisher publisher) {
    this.store = store;
    this.tftpRunning = tftpRunning;
    this.publisher = publisher;
  }

  /** One check: its name, whether it passed, what it found. */
  public record Check(String name, boolean ok, String detail) {}

  /**
   * All checks; {@code status} is {@code ok} when every one passed, else {@code failing}.
   *
   * @param checks store, tftp, publisher, in that order
   */
  public record Report(String status, List<Check> checks) {
    public boolean ok() {
      return checks.stream().allMatch(Check::ok);
    }
  }

  public Report check() {
    List<Check> checks = new ArrayList<>();
    checks.add(store());
    boolean tftp = tftpRunning.getAsBoolean();
    checks.add(new Check("tftp", tftp, tftp ? "serving" : "the TFTP loop has stopped"));
    checks.add(publisher());
    boolean ok = checks.stream().allMatch(Check::ok);
    return new Report(ok ? "ok" : "failing", List.copyOf(checks));
  }

  private Check store() {
    try {
      return new Check("store", true, "answers (serial " + store.serial() + ")");
    } catch (RuntimeException e) {
      return new Check("store", false, "does not answer: " + e.getMessage());
    }
  }

  private Check publisher() {
    List<String> problems = new ArrayList<>();
    publisher.lastFailure().ifPresent(f -> problems.add("last publication: " + f));
    DhcpPublisher.ReloadStatus dhcp = publisher.dhcpStatus();
    dhcp.lastFailure().ifPresent(f -> problems.add("last DHCP reload: " + f));
    if (!dhcp.pending().isEmpty() && !dhcp.scheduled() && dhcp.lastFailure().isEmpty()) {
      problems.add("DHCP reloads pending and not scheduled: " + dhcp.pending());
    }
    publisher.dnsFailure().ifPresent(f -> problems.add("last DNS update: " + f));
    return problems.isEmpty()
        ? new Check("publisher", true, dhcp.reloadsRun() + " DHCP reloads, none failing")
        : new Check("publisher", false, String.join("; ", problems));
  }
}
