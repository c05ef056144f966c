package dev.lui.tftp.protocol;

/** A datagram that is not a valid TFTP packet; the message says which rule it broke. */
public final class MalformedPacketException extends Exception {
  private final int length;

  public MalformedPacketException(String message, int length) {
    super(message + " (datagram of " + length + " bytes)");
    this.length = length;
  }

  public MalformedPacketException(String message, int length, Throwable cause) {
    super(message + " (datagram of " + length + " bytes)", cause);
    this.length = length;
  }

  public int datagramLength() {
    return length;
  }
}
