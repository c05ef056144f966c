package dev.lui.dhcp;

/** A DHCP backend's file could not be validated, written or reloaded; the old file is in place. */
public final class DhcpPublishException extends Exception {
  private static final long serialVersionUID = 1L;

  public DhcpPublishException(String message, Throwable cause) {
    super(message, cause);
  }

  public DhcpPublishException(String message) {
    super(message);
  }
}
