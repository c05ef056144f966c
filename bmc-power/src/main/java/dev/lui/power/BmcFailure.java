package dev.lui.power;

/** Why a BMC operation failed: the kind a caller may act on, beside the one-line message. */
public enum BmcFailure {
  /** The BMC refused the user or the password (or the user may not do this). */
  REFUSED,
  /** Nothing answered at the BMC's address and port within the driver's timeouts. */
  UNREACHABLE,
  /** The BMC's host name does not resolve. */
  UNKNOWN_HOST,
  /** The BMC answered but does not support the operation (e.g. setting the boot device). */
  UNSUPPORTED,
  /** No usable password for the BMC (missing, empty, or a file others may read). */
  NO_PASSWORD,
  /** The tool did not finish by its deadline and was killed. */
  TIMED_OUT,
  /** The tool that talks to BMCs (ipmitool) is not installed. */
  NO_TOOL,
  /** Anything else; the message says what the tool said. */
  FAILED
}
