package dev.lui.tftp.engine;

import dev.lui.tftp.protocol.Packet.RequestOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RFC 2347/2348/2349 negotiation. Policy, so that a bad option never costs the client the file:
 *
 * <ul>
 *   <li>Names are case-insensitive; the first occurrence of a name counts, repeats are ignored.
 *   <li>An option whose value is not a plain decimal number, or is out of its range, is ignored
 *       (left out of the OACK), as are options we do not know.
 *   <li>blksize below 8 is ignored; above the configured cap it is lowered to the cap.
 *   <li>tsize is answered with the real size in octet mode; in netascii the converted size is not
 *       known up front, so it is left out; for an empty file it is left out as well, because curl
 *       fails a download whose OACK says {@code tsize 0}.
 *   <li>timeout is accepted in 1..255 seconds and echoed.
 *   <li>windowsize (RFC 7440) is accepted in 1..65535 and lowered to the configured cap; with a cap
 *       of 1 it is left out (lock-step, as if unknown).
 * </ul>
 *
 * The OACK carries only accepted options, lower-case, in the client's order.
 */
public final class OptionNegotiator {
  public static final int DEFAULT_BLOCK_SIZE = 512;
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

  private OptionNegotiator() {}

  /**
   * @param blockSize the block size to use for DATA
   * @param timeout the retransmission timeout the client asked for, if accepted
   * @param acknowledged what goes into the OACK; empty means send no OACK
   */
  public record Negotiated(
      int blockSize, int windowSize, Optional<Duration> timeout, List<RequestOption> acknowledged) {
    public Negotiated {
      acknowledged = List.copyOf(acknowledged);
    }
  }

  /** Without windowsize (cap 1): lock-step. */
  public static Negotiated negotiate(
      List<RequestOption> requested, TransferMode mode, long size, int blockSizeCap) {
    return negotiate(requested, mode, size, blockSizeCap, 1);
  }

  public static Negotiated negotiate(
      List<RequestOption> requested,
      TransferMode mode,
      long size,
      int blockSizeCap,
      int windowSizeCap) {
    int blockSize = DEFAULT_BLOCK_SIZE;
    int windowSize = 1;
    Optional<Duration> timeout = Optional.empty();
    List<RequestOption> acked = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RequestOption o : requested) {
      String name = o.name().toLowerCase(Locale.ROOT);
      if (!seen.add(name)) {
        continue;
      }
      Optional<Long> value = decimal(o.value());
      switch (name) {
        case "blksize":
          if (value.isPresent() && value.get() >= 8) {
            blockSize = (int) Math.min(value.get(), blockSizeCap);
            acked.add(new RequestOption(name, Integer.toString(blockSize)));
          }
          break;
        case "tsize":
          // size 0 is left out too: curl rejects "tsize 0" in an OACK and fails the download.
          if (value.isPresent() && mode == TransferMode.OCTET && size > 0) {
            acked.add(new RequestOption(name, Long.toString(size)));
          }
          break;
        case "timeout":
          if (value.isPresent() && value.get() >= 1 && value.get() <= 255) {
            timeout = Optional.of(Duration.ofSeconds(value.get()));
            acked.add(new RequestOption(name, Long.toString(value.get())));
          }
          break;
        case "windowsize":
          if (value.isPresent() && value.get() >= 1 && value.get() <= 65535 && windowSizeCap > 1) {
            windowSize = (int) Math.min(value.get(), windowSizeCap);
            acked.add(new RequestOption(name, Integer.toString(windowSize)));
          }
          break;
        default:
          break; // unknown (e.g. multicast): not acknowledged, so not in effect
      }
    }
    return new Negotiated(blockSize, windowSize, timeout, acked);
  }

  private static Optional<Long> decimal(String s) {
    return DECIMAL.matcher(s).matches() ? Optional.of(Long.parseLong(s)) : Optional.empty();
  }
}
