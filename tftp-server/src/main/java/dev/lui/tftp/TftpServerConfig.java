package dev.lui.tftp;

import dev.lui.tftp.path.PathRemap;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * @param bind where the server listens for requests (port 0 picks a free port)
 * @param maxBlockSize the cap for negotiated blksize (requests above are lowered to it); 1468 by
 *     default, which keeps a DATA packet inside a 1500-byte Ethernet frame
 * @param timeout retransmission timeout when the client does not negotiate one
 * @param maxRetries retransmissions of one packet (or window) before the transfer is abandoned
 * @param maxWindowSize the cap for RFC 7440 windowsize (64 by default); 1 switches windows off
 * @param remap how requested names are rewritten before confinement
 * @param admission how many transfers may run at once, overall and per client
 * @param uploads whether write requests are served, and where they go (off by default)
 * @param refusals how many refused requests one source gets answered (flood damping)
 */
public record TftpServerConfig(
    InetSocketAddress bind,
    int maxBlockSize,
    Duration timeout,
    int maxRetries,
    int maxWindowSize,
    PathRemap remap,
    Admission admission,
    Uploads uploads,
    RefusalLimit refusals) {

  public static final int MIN_BLOCK_SIZE = 8;
  public static final int MAX_BLOCK_SIZE = 65464;
  public static final int MAX_WINDOW_SIZE = 65535;
  public static final int DEFAULT_WINDOW_CAP = 64;

  public TftpServerConfig {
    Objects.requireNonNull(bind, "bind"); // timeout: its check below refuses null
    Objects.requireNonNull(remap, "remap");
    Objects.requireNonNull(admission, "admission");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(refusals, "refusals");
    if (maxBlockSize < MIN_BLOCK_SIZE || maxBlockSize > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "maxBlockSize "
              + maxBlockSize
              + " is not in "
              + MIN_BLOCK_SIZE
              + ".."
              + MAX_BLOCK_SIZE
              + " (RFC 2348)");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout " + timeout + " must be positive");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries " + maxRetries + " must not be negative");
    }
    if (maxWindowSize < 1 || maxWindowSize > MAX_WINDOW_SIZE) {
      throw new IllegalArgumentException(
          "maxWindowSize " + maxWindowSize + " is not in 1..65535 (RFC 7440)");
    }
  }

  /** The original four settings; windows capped at 64, no remap, default admission, no writes. */
  public TftpServerConfig(
      InetSocketAddress bind, int maxBlockSize, Duration timeout, int maxRetries) {
    this(
        bind,
        maxBlockSize,
        timeout,
        maxRetries,
        DEFAULT_WINDOW_CAP,
        PathRemap.NONE,
        Admission.DEFAULTS,
        Uploads.NONE,
        RefusalLimit.DEFAULTS);
  }

  public static TftpServerConfig defaults(InetSocketAddress bind) {
    return new TftpServerConfig(bind, 1468, Duration.ofSeconds(2), 5);
  }

  public TftpServerConfig withMaxBlockSize(int size) {
    return new TftpServerConfig(
        bind, size, timeout, maxRetries, maxWindowSize, remap, admission, uploads, refusals);
  }

  public TftpServerConfig withTimeout(Duration t) {
    return new TftpServerConfig(
        bind, maxBlockSize, t, maxRetries, maxWindowSize, remap, admission, uploads, refusals);
  }

  public TftpServerConfig withMaxRetries(int retries) {
    return new TftpServerConfig(
        bind, maxBlockSize, timeout, retries, maxWindowSize, remap, admission, uploads, refusals);
  }

  public TftpServerConfig withMaxWindowSize(int size) {
    return new TftpServerConfig(
        bind, maxBlockSize, timeout, maxRetries, size, remap, admission, uploads, refusals);
  }

  public TftpServerConfig withRemap(PathRemap r) {
    return new TftpServerConfig(
        bind, maxBlockSize, timeout, maxRetries, maxWindowSize, r, admission, uploads, refusals);
  }

  public TftpServerConfig withAdmission(Admission a) {
    return new TftpServerConfig(
        bind, maxBlockSize, timeout, maxRetries, maxWindowSize, remap, a, uploads, refusals);
  }

  public TftpServerConfig withUploads(Uploads u) {
    return new TftpServerConfig(
        bind, maxBlockSize, timeout, maxRetries, maxWindowSize, remap, admission, u, refusals);
  }

  public TftpServerConfig withRefusalLimit(RefusalLimit r) {
    return new TftpServerConfig(
        bind, maxBlockSize, timeout, maxRetries, maxWindowSize, remap, admission, uploads, r);
  }

  /**
   * Per-source damping of refused requests: each error answer to a request costs the source one
   * token; with none left it gets no answer and its requests are dropped unread until a token comes
   * back, one per {@code refillEvery}, at most {@code burst} banked. Requests that are served cost
   * nothing. The default (burst 100, one per 20 ms: 50 refusals a second) leaves room for
   * PXELINUX's probing of a dozen config names per boot.
   */
  public record RefusalLimit(int burst, Duration refillEvery) {
    public static final RefusalLimit DEFAULTS = new RefusalLimit(100, Duration.ofMillis(20));

    public RefusalLimit {
      Objects.requireNonNull(refillEvery, "refillEvery");
      if (burst < 1) {
        throw new IllegalArgumentException("refusal burst " + burst + " must be >= 1");
      }
      if (refillEvery.isNegative() || refillEvery.isZero()) {
        throw new IllegalArgumentException(
            "refusal refillEvery " + refillEvery + " must be positive");
      }
    }
  }

  /**
   * Write requests. {@code directory} empty: every WRQ gets ERROR 2 (the default).
   *
   * @param directory where uploads go; names are confined to it and no directory is created
   * @param overwrite whether an existing file may be replaced (else ERROR 6)
   */
  public record Uploads(Optional<Path> directory, boolean overwrite) {
    public static final Uploads NONE = new Uploads(Optional.empty(), false);

    public Uploads {
      Objects.requireNonNull(directory, "directory");
    }

    public static Uploads into(Path directory, boolean overwrite) {
      return new Uploads(Optional.of(directory), overwrite);
    }
  }

  /**
   * Admission control for boot storms.
   *
   * @param maxTransfers transfers running at once; requests past it wait in a queue
   * @param maxQueued requests that may wait; past it a request is refused (ERROR 0, server busy)
   *     unless it can displace a waiting request of a source that holds more
   * @param maxWait how long a request may wait before it is refused
   * @param maxPerClient transfers running at once for one client address; past it the client's
   *     oldest never-acknowledged transfer is dropped, or, if it has none, the request is refused
   * @param maxBytesPerSecond bandwidth for all transfers together, counted on what is sent (DATA,
   *     retransmissions included); 0 means no limit
   * @param stallGrace how long a transfer whose client has not answered once (no ACK of the first
   *     DATA or OACK; no first DATA of an upload) keeps its slot while requests wait for one; after
   *     it, the slot may be reclaimed for a waiting request (see {@code AdmissionControl}). With no
   *     request waiting, such a transfer runs its normal timeouts and retries.
   */
  public record Admission(
      int maxTransfers,
      int maxQueued,
      Duration maxWait,
      int maxPerClient,
      long maxBytesPerSecond,
      Duration stallGrace) {
    /** One second: a client on a LAN answers the first DATA in milliseconds. */
    public static final Duration DEFAULT_STALL_GRACE = Duration.ofSeconds(1);

    public static final Admission DEFAULTS = new Admission(1024, 4096, Duration.ofSeconds(5), 16);

    /** Largest bandwidth limit accepted (8 GiB/s). */
    public static final long MAX_BYTES_PER_SECOND = 1L << 33;

    /** The four original settings, without a bandwidth limit, with the default stall grace. */
    public Admission(int maxTransfers, int maxQueued, Duration maxWait, int maxPerClient) {
      this(maxTransfers, maxQueued, maxWait, maxPerClient, 0);
    }

    /** The five settings before {@code stallGrace}, which gets {@link #DEFAULT_STALL_GRACE}. */
    public Admission(
        int maxTransfers,
        int maxQueued,
        Duration maxWait,
        int maxPerClient,
        long maxBytesPerSecond) {
      this(maxTransfers, maxQueued, maxWait, maxPerClient, maxBytesPerSecond, DEFAULT_STALL_GRACE);
    }

    /** The same admission with a bandwidth limit (0: none). */
    public Admission withMaxBytesPerSecond(long limit) {
      return new Admission(maxTransfers, maxQueued, maxWait, maxPerClient, limit, stallGrace);
    }

    /** The same admission with another stall grace (0: reclaimable as soon as a request waits). */
    public Admission withStallGrace(Duration grace) {
      return new Admission(
          maxTransfers, maxQueued, maxWait, maxPerClient, maxBytesPerSecond, grace);
    }

    public Admission {
      Objects.requireNonNull(maxWait, "maxWait");
      Objects.requireNonNull(stallGrace, "stallGrace");
      if (maxTransfers < 1) {
        throw new IllegalArgumentException("maxTransfers " + maxTransfers + " must be >= 1");
      }
      if (maxQueued < 0) {
        throw new IllegalArgumentException("maxQueued " + maxQueued + " must not be negative");
      }
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("maxWait " + maxWait + " must not be negative");
      }
      if (maxPerClient < 1) {
        throw new IllegalArgumentException("maxPerClient " + maxPerClient + " must be >= 1");
      }
      if (maxBytesPerSecond < 0 || maxBytesPerSecond > MAX_BYTES_PER_SECOND) {
        throw new IllegalArgumentException(
            "maxBytesPerSecond "
                + maxBytesPerSecond
                + " is not in 0.."
                + MAX_BYTES_PER_SECOND
                + " (0 = no limit)");
      }
      if (stallGrace.isNegative()) {
        throw new IllegalArgumentException("stallGrace " + stallGrace + " must not be negative");
      }
    }
  }
}
