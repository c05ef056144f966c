package dev.lui.contract.disk;

/** No disk, or more than one, matches the plan's selector; the message lists what was seen. */
public final class DiskSelectionException extends Exception {
  private static final long serialVersionUID = 1L;

  public DiskSelectionException(String message) {
    super(message);
  }
}
