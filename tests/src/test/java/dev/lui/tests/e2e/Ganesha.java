package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nfs-ganesha and its rpcbind inside the lab's namespace, in a private mount namespace with tmpfs
 * on /run and /var/lib/nfs (the host's rpcbind and NFS state are never touched), serving the
 * configuration lui generated: the install image read-only to the install network, each node's root
 * read-write to that node only. The shell execs nothing else and forwards SIGTERM, so stopping it
 * by PID stops both daemons.
 */
final class Ganesha implements AutoCloseable {
  private static final String SCRIPT =
      String.join(
          "\n",
          "work=$1; conf=$2",
          "mount -t tmpfs lui-e2e-run /run || exit 90",
          "mkdir -p /var/lib/nfs && mount -t tmpfs lui-e2e-nfs /var/lib/nfs || exit 91",
          "mkdir -p /run/ganesha /run/rpcbind /var/lib/nfs/ganesha",
          "rpcbind -w -f & rpc=$!",
          "ganesha=",
          "trap 'kill $rpc $ganesha 2>/dev/null; wait; exit 0' TERM INT",
          "i=0; while [ ! -S /run/rpcbind.sock ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done",
          "ganesha.nfsd -F -L \"$work/ganesha.log\" -f \"$conf\" -p \"$work/ganesha.pid\" & ganesha=$!",
          "wait $ganesha; st=$?",
          "kill $rpc 2>/dev/null; wait",
          "exit $st");

  private final NetLab lab;
  private final Daemon launcher;
  final Path log;

  private Ganesha(NetLab lab, Daemon launcher, Path log) {
    this.lab = lab;
    this.launcher = launcher;
    this.log = log;
  }

  /** Runs ganesha on {@code conf}: the configuration lui wrote ({@code STATE/nfs/ganesha.conf}). */
  static Ganesha start(NetLab lab, Path conf) {
    RealTools.program("ganesha.nfsd");
    RealTools.program("rpcbind");
    RealTools.program("unshare");
    try {
      Path work = Files.createDirectories(lab.dir.resolve("ganesha"));
      Path log = work.resolve("ganesha.log");
      Files.deleteIfExists(log);
      Daemon d =
          lab.start(
              "ganesha",
              work.resolve("launcher.log"),
              List.of(
                  "unshare",
                  "-m",
                  "--propagation",
                  "private",
                  "sh",
                  "-c",
                  SCRIPT,
                  "sh",
                  work.toString(),
                  conf.toString()));
      Ganesha g = new Ganesha(lab, d, log);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!g.log().contains("NFS SERVER INITIALIZED")) {
        if (!d.alive() || System.nanoTime() > deadline) {
          String why = "ganesha did not start serving: " + d.tail(20) + "\n" + g.log();
          lab.stop(d);
          throw new IllegalStateException(why);
        }
        Daemon.sleep(200);
      }
      return g;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start ganesha: " + e.getMessage(), e);
    }
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    lab.stop(launcher);
  }
}
