package dev.lui.tftp;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standalone read-only TFTP server: {@code --root DIR [--listen HOST:PORT] [--blksize-cap N]}.
 * Listens on 127.0.0.1:6969 unless told otherwise (port 69 needs root). IPv6 as {@code [::1]:69}.
 */
public final class TftpMain {
  static final String USAGE =
      "usage: lui-tftp --root DIR [--listen HOST:PORT] [--blksize-cap N]"
          + "   (defaults: 127.0.0.1:6969, cap 1468)";

  /** Parsed command line. */
  record Options(Path root, InetSocketAddress listen, int blockSizeCap) {}

  private TftpMain() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      usage(System.err, e.getMessage());
      System.exit(2);
      return;
    }
    TftpServerConfig config =
        TftpServerConfig.defaults(o.listen()).withMaxBlockSize(o.blockSizeCap());
    TftpServer server =
        TftpServer.start(
            config,
            FileSources.directory(o.root()),
            // stdout, not the log: the jar may run without an SLF4J binding.
            r ->
                System.out.printf(
                    "%s %s %s %d bytes %s%n",
                    r.client(), r.path(), r.outcome(), r.bytes(), r.detail()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tftp-shutdown"));
    System.out.println("serving " + o.root() + " on " + server.localAddress());
    server.awaitClosed();
  }

  private static void usage(PrintStream out, String problem) {
    out.println("lui-tftp: " + problem);
    out.println(USAGE);
  }

  /** Plain argument parsing; errors name the bad argument. */
  static Options parse(String[] args) {
    Path root = null;
    InetSocketAddress listen = null;
    int cap = 1468;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--root":
          root = Path.of(value(args, ++i, a));
          break;
        case "--listen":
          listen = parseHostPort(value(args, ++i, a));
          break;
        case "--blksize-cap":
          String v = value(args, ++i, a);
          try {
            cap = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--blksize-cap '" + v + "' is not a number");
          }
          if (cap < TftpServerConfig.MIN_BLOCK_SIZE || cap > TftpServerConfig.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException(
                "--blksize-cap " + cap + " is not in 8..65464 (RFC 2348)");
          }
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + a + "'");
      }
    }
    if (root == null) {
      throw new IllegalArgumentException("--root is required");
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("--root '" + root + "' is not a directory");
    }
    if (listen == null) {
      listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6969);
    }
    return new Options(root, listen, cap);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  /** {@code HOST:PORT}, {@code [V6]:PORT}. Host names are resolved once here. */
  public static InetSocketAddress parseHostPort(String s) {
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("--listen '" + s + "' is not [IPV6]:PORT");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || s.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "--listen '" + s + "' is not HOST:PORT (write IPv6 as [::1]:PORT)");
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen port '" + port + "' is not a number");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("--listen port " + p + " is not in 0..65535");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--listen host '" + host + "' does not resolve");
    }
  }
}
