package dev.lui.tftp.cli;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.HotFileCache;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TftpServerConfig.Admission;
import dev.lui.tftp.TftpServerConfig.RefusalLimit;
import dev.lui.tftp.TftpServerConfig.Uploads;
import dev.lui.tftp.TransferListener;
import dev.lui.tftp.path.PathRemap;
import dev.lui.tftp.server.TftpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lui tftp}: only the TFTP server, read-only, serving a directory. */
@Command(
    name = "tftp",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Run only lui's TFTP server (RFC 1350/2347/2348/2349/7440) on a directory, read-only unless"
          + " --allow-write.",
      "One line per finished transfer goes to stdout. Port 69 needs root (or"
          + " CAP_NET_BIND_SERVICE)."
    },
    footer = {
      "",
      "Examples:",
      "  lui tftp --root /srv/tftp --listen 127.0.0.1:6969",
      "  sudo lui tftp --root /srv/tftp --listen 0.0.0.0:69"
    })
public final class TftpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      required = true,
      paramLabel = "DIR",
      description = "Directory to serve.")
  Path root;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Listen address (default ${DEFAULT-VALUE}; IPv6 as [::1]:PORT).",
      defaultValue = "127.0.0.1:6969")
  String listen;

  @Option(
      names = "--blksize-cap",
      paramLabel = "N",
      description = "Largest blksize granted, 8..65464 (default ${DEFAULT-VALUE}).",
      defaultValue = "1468")
  int blockSizeCap;

  @Option(
      names = "--window-cap",
      paramLabel = "N",
      description =
          "Largest RFC 7440 windowsize granted, 1..65535; 1 = lock-step only (default"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "64")
  int windowCap;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description =
          "Retransmission timeout unless the client negotiates one, 1..255 (default"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int timeoutSeconds;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "Retransmissions before a transfer is abandoned (default ${DEFAULT-VALUE}).",
      defaultValue = "5")
  int retries;

  @Option(
      names = "--max-transfers",
      paramLabel = "N",
      description = "Transfers running at once; more requests wait (default ${DEFAULT-VALUE}).",
      defaultValue = "1024")
  int maxTransfers;

  @Option(
      names = "--max-queued",
      paramLabel = "N",
      description =
          "Requests that may wait for a slot; past it: ERROR 0 'server busy' (default"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "4096")
  int maxQueued;

  @Option(
      names = "--max-wait",
      paramLabel = "MILLIS",
      description = "How long a request may wait for a slot (default ${DEFAULT-VALUE}).",
      defaultValue = "5000")
  long maxWaitMillis;

  @Option(
      names = "--max-per-client",
      paramLabel = "N",
      description = "Transfers running at once per client address (default ${DEFAULT-VALUE}).",
      defaultValue = "16")
  int maxPerClient;

  @Option(
      names = "--stall-grace",
      paramLabel = "MILLIS",
      description =
          "While every transfer slot is taken, a transfer whose client has not answered once for"
              + " this long gives its slot to a waiting request (default ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  long stallGraceMillis;

  @Option(
      names = "--max-rate",
      paramLabel = "MIB",
      description =
          "Bandwidth for all transfers together, MiB/s; 0 = no limit (default ${DEFAULT-VALUE}).",
      defaultValue = "0")
  long maxRateMib;

  @Option(
      names = "--remap",
      paramLabel = "FILE",
      description =
          "Rename rules, one 'REGEX REPLACEMENT' a line (Java regex, $1 groups); a line 'foldcase'"
              + " lower-cases names first.")
  Optional<Path> remapFile = Optional.empty();

  @Option(names = "--fold-case", description = "Lower-case requested names before the remap rules.")
  boolean foldCase;

  @Option(
      names = "--allow-write",
      paramLabel = "DIR",
      description = "Accept write requests (octet) into DIR; off by default (WRQ gets ERROR 2).")
  Optional<Path> allowWrite = Optional.empty();

  @Option(
      names = "--allow-overwrite",
      description = "Let uploads replace existing files (else ERROR 6).")
  boolean allowOverwrite;

  @Option(
      names = "--cache-mib",
      paramLabel = "N",
      description =
          "Memory for hot files (kernels, initrds) served from RAM; 0 = off (default"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "256")
  long cacheMib;

  @Option(names = "--quiet", description = "Do not print a line per transfer.")
  boolean quiet;

  /** For `java -cp ... dev.lui.tftp.cli.TftpCommand`; `lui tftp` registers the class instead. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TftpCommand()).execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    TftpServer server = start(out);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tftp-shutdown"));
    out.println("serving " + root + " on " + server.localAddress());
    out.flush();
    server.awaitClosed();
    return 0;
  }

  /** Validates the flags and starts the server; records go to {@code out}. */
  TftpServer start(PrintWriter out) throws IOException {
    TftpServerConfig config = config();
    TransferListener listener =
        quiet
            ? TransferListener.NONE
            : r -> {
              out.printf(
                  "%s %s %s %d bytes %d ms %s%s%n",
                  r.client(),
                  r.path(),
                  r.outcome(),
                  r.bytes(),
                  r.elapsed().toMillis(),
                  r.options().isEmpty() ? "" : r.options() + " ",
                  r.detail());
              out.flush();
            };
    range("--cache-mib", cacheMib, 0, 1 << 20, "a sane bound");
    FileSource files =
        cacheMib == 0
            ? FileSources.directory(root)
            : FileSources.directory(root, new HotFileCache(cacheMib << 20, cacheMib << 20));
    return TftpServer.start(config, files, listener);
  }

  /** The server settings these flags describe; bad values name the flag, value and rule. */
  TftpServerConfig config() {
    if (!Files.isDirectory(root)) {
      throw bad("--root '" + root + "' is not a directory");
    }
    InetSocketAddress bind;
    try {
      bind = ListenAddress.parse(listen);
    } catch (InvalidValueException e) {
      throw bad(e.getMessage());
    }
    range(
        "--blksize-cap",
        blockSizeCap,
        TftpServerConfig.MIN_BLOCK_SIZE,
        TftpServerConfig.MAX_BLOCK_SIZE,
        "RFC 2348");
    range("--window-cap", windowCap, 1, TftpServerConfig.MAX_WINDOW_SIZE, "RFC 7440");
    range("--timeout", timeoutSeconds, 1, 255, "RFC 2349");
    range("--retries", retries, 0, 1000, "a sane bound");
    range("--max-transfers", maxTransfers, 1, 1_000_000, "a sane bound");
    range("--max-queued", maxQueued, 0, 1_000_000, "a sane bound");
    range("--max-per-client", maxPerClient, 1, 1_000_000, "a sane bound");
    range("--max-rate", maxRateMib, 0, Admission.MAX_BYTES_PER_SECOND >> 20, "MiB/s, 0 = no limit");
    if (maxWaitMillis < 0 || maxWaitMillis > 600_000) {
      throw bad("--max-wait " + maxWaitMillis + " is not in 0..600000 ms");
    }
    if (stallGraceMillis < 0 || stallGraceMillis > 600_000) {
      throw bad("--stall-grace " + stallGraceMillis + " is not in 0..600000 ms");
    }
    PathRemap remap = PathRemap.NONE;
    if (remapFile.isPresent()) {
      try {
        remap = PathRemap.load(remapFile.get());
      } catch (IOException e) {
        throw bad("--remap '" + remapFile.get() + "' cannot be read: " + e.getMessage());
      } catch (InvalidValueException e) {
        throw bad("--remap '" + remapFile.get() + "': " + e.getMessage());
      }
    }
    if (foldCase) {
      remap = new PathRemap(true, remap.rules());
    }
    return new TftpServerConfig(
        bind,
        blockSizeCap,
        Duration.ofSeconds(timeoutSeconds),
        retries,
        windowCap,
        remap,
        new Admission(
            maxTransfers,
            maxQueued,
            Duration.ofMillis(maxWaitMillis),
            maxPerClient,
            maxRateMib << 20,
            Duration.ofMillis(stallGraceMillis)),
        uploads(),
        RefusalLimit.DEFAULTS);
  }

  private Uploads uploads() {
    if (allowWrite.isEmpty()) {
      if (allowOverwrite) {
        throw bad("--allow-overwrite needs --allow-write DIR");
      }
      return Uploads.NONE;
    }
    Path dir = allowWrite.get();
    if (!Files.isDirectory(dir)) {
      throw bad("--allow-write '" + dir + "' is not a directory");
    }
    return Uploads.into(dir, allowOverwrite);
  }

  private void range(String flag, long v, long min, long max, String rule) {
    if (v < min || v > max) {
      throw bad(flag + " " + v + " is not in " + min + ".." + max + " (" + rule + ")");
    }
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
