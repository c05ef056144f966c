package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.FirstBoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Installs {@code lui-first-boot.service} into the target: a one-shot unit, enabled through a
 * {@code multi-user.target.wants} link, that runs after network-online.target and POSTs to the
 * plan's first-boot URL with the token from a 0600 file, then removes its link and the token. The
 * token is never logged and never in the unit or the script.
 */
public final class FirstBootReport implements Step {
  static final String UNIT = "/etc/systemd/system/lui-first-boot.service";
  static final String WANTS = "/etc/systemd/system/multi-user.target.wants/lui-first-boot.service";
  static final String SCRIPT = "/usr/local/sbin/lui-first-boot";
  static final String URL_FILE = "/etc/lui/first-boot.url";
  static final String TOKEN_FILE = "/etc/lui/first-boot.token";
  private static final TargetFiles.Owner ROOT = new TargetFiles.Owner(0, 0);

  static final String UNIT_TEXT =
      """
      # written by lui-agent: reports this node's first boot to its install server, once
      [Unit]
      Description=Report the first boot to the lui install server
      Wants=network-online.target
      After=network-online.target
      ConditionPathExists=/etc/lui/first-boot.token

      [Service]
      Type=oneshot
      ExecStart=/usr/local/sbin/lui-first-boot
      StandardOutput=journal+console
      StandardError=journal+console
      TimeoutStartSec=15min

      [Install]
      WantedBy=multi-user.target
      """;

  @Override
  public String name() {
    return "first-boot";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    Optional<FirstBoot> f = ctx.plan().firstBoot();
    if (f.isEmpty()) {
      return;
    }
    if (ctx.dryRun()) {
      ctx.runner()
          .wouldDo(
              "write "
                  + ctx.inTarget(UNIT)
                  + ", "
                  + ctx.inTarget(SCRIPT)
                  + " (0755), "
                  + ctx.inTarget(URL_FILE)
                  + " = "
                  + f.get().url()
                  + ", "
                  + ctx.inTarget(TOKEN_FILE)
                  + " (0600, the token; not shown), link "
                  + ctx.inTarget(WANTS)
                  + " -> "
                  + UNIT);
      return;
    }
    if (!Files.isDirectory(ctx.inTarget("/etc/systemd"))
        && !Files.isDirectory(ctx.inTarget("/usr/lib/systemd/system"))
        && !Files.isDirectory(ctx.inTarget("/lib/systemd/system"))) {
      ctx.events()
          .log(
              "agent",
              "the target has no systemd; the first boot will not be reported"
                  + " (the node stays 'installed', not 'verified')");
      return;
    }
    TargetFiles.writeString(ctx.inTarget(TOKEN_FILE), f.get().token() + "\n", 0600, ROOT);
    TargetFiles.writeString(ctx.inTarget(URL_FILE), f.get().url() + "\n", 0644, ROOT);
    TargetFiles.writeString(ctx.inTarget(SCRIPT), script(), 0755, ROOT);
    TargetFiles.writeString(ctx.inTarget(UNIT), UNIT_TEXT, 0644, ROOT);
    Path wants = ctx.inTarget(WANTS);
    try {
      Files.createDirectories(wants.getParent());
      if (Files.exists(wants, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(wants);
      }
      // Absolute, as systemctl enable makes it: it resolves inside the booted system.
      Files.createSymbolicLink(wants, Path.of(UNIT));
    } catch (IOException e) {
      throw new StepFailedException("cannot enable lui-first-boot.service: " + e.getMessage(), e);
    }
    ctx.events()
        .log(
            "agent",
            "installed lui-first-boot.service (reports to "
                + f.get().url()
                + "; token in "
                + TOKEN_FILE
                + ", mode 0600)");
  }

  /** The report script shipped with the agent. */
  static String script() throws StepFailedException {
    try (InputStream in = FirstBootReport.class.getResourceAsStream("lui-first-boot.sh")) {
      if (in == null) {
        throw new StepFailedException("lui-first-boot.sh is missing from the agent's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StepFailedException("cannot read lui-first-boot.sh: " + e.getMessage(), e);
    }
  }
}
