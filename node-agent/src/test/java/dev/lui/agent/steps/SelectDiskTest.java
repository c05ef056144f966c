package dev.lui.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.disk.DiskSelector;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Link resolution of {@code path=}; the real by-id case is in BootableInstallTest (root). */
class SelectDiskTest {
  @Test
  void aMissingByIdLinkFailsNamingIt() throws Exception {
    DiskSelector s = DiskSelector.parse("path=/dev/disk/by-id/wwn-0xlui-missing,size=1G..2G");
    assertThatThrownBy(() -> SelectDisk.resolveSymlink(s))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("disk /dev/disk/by-id/wwn-0xlui-missing does not exist");
  }

  @Test
  void aLinkLeavingDevIsRefused() throws Exception {
    RealTools.capability(Files.isSymbolicLink(Path.of("/dev/fd")), "/dev/fd as a symlink");
    // /dev/fd -> /proc/self/fd: not a device path, so not a disk.
    assertThatThrownBy(() -> SelectDisk.resolveSymlink(DiskSelector.parse("path=/dev/fd")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("disk /dev/fd resolves to an odd path");
  }

  @Test
  void aPlainDevicePathIsKeptWithTheOtherTerms() throws Exception {
    RealTools.capability(Files.exists(Path.of("/dev/null")), "/dev/null");
    DiskSelector s = DiskSelector.parse("path=/dev/null,serial=S1");
    assertThat(SelectDisk.resolveSymlink(s)).isEqualTo(s);
  }
}
