package dev.lui.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;

/** What happened to one read request, reported once when it ends. */
public record TransferRecord(
    InetSocketAddress client, String path, long bytes, Duration elapsed, Outcome outcome, String detail) {

  public enum Outcome {
    COMPLETED,
    NOT_FOUND,
    DENIED,
    /** The client ended it (ERROR packet), e.g. UEFI's size probe. */
    ABORTED_BY_CLIENT,
    TIMED_OUT,
    FAILED
  }
}
