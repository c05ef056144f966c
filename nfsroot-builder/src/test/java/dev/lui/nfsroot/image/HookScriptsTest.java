package dev.lui.nfsroot.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.nfsroot.fs.TreeRemover;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hook scripts and the helpers they install, run for real with sh on temp directories. */
class HookScriptsTest {
  @TempDir Path tmp;

  @AfterEach
  void cleanup() throws IOException {
    TreeRemover.deleteTree(tmp);
  }

  static List<String> scripts() {
    return ImageBuilder.HOOK_FILES.stream().filter(ImageBuilder::isScript).toList();
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void everyScriptIsValidPosixShell(String name) throws Exception {
    Path stage = stage();
    Tools.Run r = Tools.run("sh", "-n", stage.resolve(name).toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(Files.readString(stage.resolve(name))).startsWith("#!/bin/sh\n");
  }

  @Test
  void essentialHookInstallsTheInitramfsConfigurationBeforeTheKernelComes() throws Exception {
    Path stage = stage();
    Path root = Files.createDirectories(tmp.resolve("root"));
    Tools.Run r =
        Tools.run(
            "sh", stage.resolve("essential-hook.sh").toString(), root.toString(), stage.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    Path it = root.resolve("etc/initramfs-tools");
    assertThat(it.resolve("conf.d/lui.conf")).content().contains("MODULES=netboot", "BOOT=nfs");
    assertThat(it.resolve("lui-modules"))
        .content()
        .contains("virtio_pci\n", "virtio_net\n", "virtio_blk\n", "sunrpc\n", "nfs\n", "overlay\n");
    assertThat(mode(it.resolve("hooks/lui"))).isEqualTo("rwxr-xr-x");
    assertThat(mode(it.resolve("scripts/init-bottom/lui-overlay"))).isEqualTo("rwxr-xr-x");
    assertThat(Files.readAllBytes(it.resolve("scripts/init-bottom/lui-overlay")))
        .isEqualTo(ImageBuilder.resource("lui-overlay"));
    assertThat(root.resolve("usr/share/man/man1")).isDirectory();
  }

  @Test
  void customizeHookInstallsAndEnablesTheAgentUnitWithItsHelpers() throws Exception {
    Path stage = stage();
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("boot"));
    Files.writeString(root.resolve("boot/initrd.img-6.1.0-1-amd64"), "initrd");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/machine-id"), "0123456789abcdef0123456789abcdef\n");

    Tools.Run r =
        Tools.run(
            "sh", stage.resolve("customize-hook.sh").toString(), root.toString(), stage.toString());

    assertThat(r.exit()).as(r.output()).isZero();
    Path lib = root.resolve("usr/local/lib/lui");
    assertThat(lib.resolve("lui-agent.jar")).hasContent("agent");
    assertThat(mode(lib.resolve("mount-noderoot"))).isEqualTo("rwxr-xr-x");
    assertThat(mode(lib.resolve("run-agent"))).isEqualTo("rwxr-xr-x");
    Path sysd = root.resolve("etc/systemd/system");
    assertThat(Files.readAllBytes(sysd.resolve("lui-agent.service")))
        .isEqualTo(ImageBuilder.resource("lui-agent.service"));
    assertThat(Files.readSymbolicLink(sysd.resolve("multi-user.target.wants/lui-agent.service")))
        .hasToString("../lui-agent.service");
    assertThat(sysd.resolve("serial-getty@.service.d/lui.conf"))
        .content()
        .contains("After=lui-agent.service");
    assertThat(sysd.resolve("getty@.service.d/lui.conf"))
        .content()
        .contains("After=lui-agent.service");
    assertThat(Files.readSymbolicLink(sysd.resolve("systemd-firstboot.service")))
        .hasToString("/dev/null");
    assertThat(root.resolve("etc/machine-id")).isEmptyFile();
    assertThat(root.resolve("lui")).isDirectory();
    assertThat(r.output()).contains("lui: agent, unit and helpers installed");
  }

  @Test
  void theUnitMountsTheNodeRootFirstAndReportsToTheConsoleWithoutRestarting() throws IOException {
    String unit = new String(ImageBuilder.resource("lui-agent.service"));
    assertThat(unit)
        .contains("ConditionKernelCommandLine=lui.node\n")
        .contains("ExecStartPre=/usr/local/lib/lui/mount-noderoot\n")
        .contains("ExecStart=/usr/local/lib/lui/run-agent\n")
        .contains("StandardOutput=journal+console\n", "StandardError=journal+console\n")
        .contains("Type=oneshot\n", "Restart=no\n", "WantedBy=multi-user.target\n")
        .doesNotContainPattern("(?m)^(FailureAction|SuccessAction|StartLimitAction)=")
        .doesNotContainPattern("(?m)^Restart=(always|on-failure)");
  }

  @Test
  void mountNoderootMountsTheCommandLinePathReadWriteWithNfs3NolockOverTcpByDefault()
      throws Exception {
    Path stage = stage();
    Fake f = fakeMount(0);
    Path cmdline =
        write(
            "cmdline",
            "root=/dev/nfs lui.node=n1 lui.noderoot=10.77.0.1:/var/lib/lui/nodes/n1 quiet\n");
    Tools.Run r = mountNoderoot(stage, cmdline, f);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(f.log())
        .hasContent(
            "-t nfs -o rw,vers=3,nolock,proto=tcp,mountproto=tcp 10.77.0.1:/var/lib/lui/nodes/n1 "
                + tmp.resolve("lui"));
    assertThat(r.output())
        .contains(
            "lui: node root 10.77.0.1:/var/lib/lui/nodes/n1 mounted at " + tmp.resolve("lui"));
    assertThat(tmp.resolve("lui")).isDirectory();
  }

  @Test
  void mountNoderootTakesOptionsFromTheCommandLine() throws Exception {
    Path stage = stage();
    Fake f = fakeMount(0);
    Path cmdline = write("cmdline", "lui.noderoot=s:/n lui.noderoot.opts=vers=4.1,proto=tcp\n");
    assertThat(mountNoderoot(stage, cmdline, f).exit()).isZero();
    assertThat(f.log()).hasContent("-t nfs -o rw,vers=4.1,proto=tcp s:/n " + tmp.resolve("lui"));
  }

  @Test
  void mountNoderootWithoutTheParameterSaysSoAndFails() throws Exception {
    Path stage = stage();
    Tools.Run r = mountNoderoot(stage, write("cmdline", "root=/dev/nfs\n"), fakeMount(0));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output())
        .contains("lui: cannot mount the node root: no lui.noderoot= on the kernel command line")
        .contains("this node stays up for inspection (no reboot)");
  }

  @Test
  void mountNoderootRefusesAValueThatIsNotServerColonPath() throws Exception {
    Tools.Run r =
        mountNoderoot(stage(), write("cmdline", "lui.noderoot=server-only\n"), fakeMount(0));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output()).contains("lui.noderoot=server-only is not SERVER:/path");
  }

  @Test
  void mountNoderootRetriesThenGivesUpNamingTheCommand() throws Exception {
    Fake f = fakeMount(32);
    Tools.Run r = mountNoderoot(stage(), write("cmdline", "lui.noderoot=s:/n\n"), f);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(Files.readAllLines(f.log())).hasSize(3);
    assertThat(r.output())
        .contains(
            "mount -t nfs -o rw,vers=3,nolock,proto=tcp,mountproto=tcp s:/n "
                + tmp.resolve("lui")
                + " failed 3 times");
  }

  @Test
  void runAgentStartsTheJarWithFromCmdline() throws Exception {
    Path stage = stage();
    Fake java = fake("java", 0);
    Tools.Run r = runAgent(stage, java);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(java.log())
        .content()
        .endsWith("-jar /opt/x/lui-agent.jar --from-cmdline --cmdline-token-file /lui/lui/token\n");
    assertThat(r.output()).doesNotContain("FAILED");
  }

  @Test
  void runAgentFailureIsAClearBannerAndTheAgentsExitStatus() throws Exception {
    Tools.Run r = runAgent(stage(), fake("java", 3));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.output())
        .contains("lui: INSTALL FAILED: the agent exited with status 3.")
        .contains("the node stays up (no reboot)");
  }

  @Test
  void theOverlayScriptKeepsTheBaseReadOnlyAndBringsDevAlong() throws IOException {
    String s = new String(ImageBuilder.resource("lui-overlay"));
    assertThat(s)
        .contains("mount -n -o move \"${rootmnt}\" /run/lui/ro")
        .contains("lowerdir=/run/lui/ro,upperdir=/run/lui/rw/upper,workdir=/run/lui/rw/work")
        .contains("[ \"${BOOT}\" = nfs ] || exit 0")
        .contains("mount -n -o move /dev \"${rootmnt}/dev\"");
  }

  private record Fake(Path dir, Path log) {}

  /**
   * A program named {@code name} in its own PATH dir that logs its arguments and exits {@code rc}.
   */
  private Fake fake(String name, int rc) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bin-" + name));
    Path log = tmp.resolve(name + ".log");
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexit " + rc + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new Fake(dir, log);
  }

  private Fake fakeMount(int rc) throws IOException {
    return fake("mount", rc);
  }

  private Tools.Run mountNoderoot(Path stage, Path cmdline, Fake mount) throws Exception {
    return Tools.run(
        List.of("sh", stage.resolve("mount-noderoot").toString()),
        Map.of(
            "PATH",
            mount.dir() + ":" + System.getenv("PATH"),
            "LUI_CMDLINE",
            cmdline.toString(),
            "LUI_MOUNTPOINT",
            tmp.resolve("lui").toString(),
            "LUI_MOUNT_TRIES",
            "3",
            "LUI_MOUNT_DELAY",
            "0"));
  }

  private Tools.Run runAgent(Path stage, Fake java) throws Exception {
    return Tools.run(
        List.of("sh", stage.resolve("run-agent").toString()),
        Map.of(
            "LUI_JAVA",
            java.dir().resolve("java").toString(),
            "LUI_AGENT_JAR",
            "/opt/x/lui-agent.jar"));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content);
  }

  private Path stage() throws IOException {
    Path jar = FakeRoots.fakeJar(Files.createDirectories(tmp.resolve("jar")), "agent");
    Path stage = tmp.resolve("stage");
    ImageBuilder.stageHooks(stage, jar);
    return stage;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
