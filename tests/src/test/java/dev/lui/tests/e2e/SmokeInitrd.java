package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The smallest initramfs that proves a network boot reached Linux: a static /init that prints a
 * marker and the kernel command line (the boot entry lui served) on the serial port, then reboots,
 * which ends the -no-reboot QEMU run.
 */
final class SmokeInitrd {
  static final String MARKER = "LUI-E2E-SMOKE-OK";

  private static final String INIT_C =
      "#include <fcntl.h>\n"
          + "#include <string.h>\n"
          + "#include <sys/mount.h>\n"
          + "#include <sys/reboot.h>\n"
          + "#include <sys/stat.h>\n"
          + "#include <termios.h>\n"
          + "#include <unistd.h>\n"
          + "static void put(int fd, const char *s) { write(fd, s, strlen(s)); }\n"
          + "int main(void) {\n"
          + "  char cmdline[4096] = \"\";\n"
          + "  mkdir(\"/dev\", 0755); mkdir(\"/proc\", 0755);\n"
          + "  mount(\"devtmpfs\", \"/dev\", \"devtmpfs\", 0, 0);\n"
          + "  mount(\"proc\", \"/proc\", \"proc\", 0, 0);\n"
          + "  int c = open(\"/proc/cmdline\", O_RDONLY);\n"
          + "  if (c >= 0) { ssize_t n = read(c, cmdline, sizeof cmdline - 1); if (n > 0) cmdline[n] = 0; close(c); }\n"
          + "  for (char *p = cmdline; *p; p++) if (*p == '\\n') *p = 0;\n"
          + "  int fd = open(\"/dev/ttyS0\", O_WRONLY | O_NOCTTY);\n"
          + "  if (fd >= 0) {\n"
          + "    put(fd, \"\\r\\nLUI-E2E-CMDLINE: \"); put(fd, cmdline); put(fd, \"\\r\\n\");\n"
          + "    put(fd, \""
          + MARKER
          + "\\r\\n\");\n"
          + "    tcdrain(fd);\n"
          + "  }\n"
          + "  sync();\n"
          + "  reboot(RB_AUTOBOOT);\n"
          + "  return 0;\n"
          + "}\n";

  private SmokeInitrd() {}

  static Path build(Path dir) {
    RealTools.program("gcc");
    RealTools.program("cpio");
    try {
      Path work = Files.createDirectories(dir.resolve("smoke-initrd"));
      Path root = Files.createDirectories(work.resolve("root"));
      Path src = Files.writeString(work.resolve("init.c"), INIT_C);
      Cmd.run(
          Duration.ofMinutes(2),
          "gcc",
          "-static",
          "-Os",
          "-s",
          "-o",
          root.resolve("init").toString(),
          src.toString());
      Path list = Files.writeString(work.resolve("files"), "init\n");
      Path out = work.resolve("initrd.cpio");
      Process p =
          new ProcessBuilder(List.of("cpio", "--quiet", "-o", "-H", "newc", "-R", "0:0"))
              .directory(root.toFile())
              .redirectInput(list.toFile())
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("cpio exited " + p.exitValue());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot build the smoke initrd: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
