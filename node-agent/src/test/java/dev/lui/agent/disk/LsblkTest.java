package dev.lui.agent.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.disk.BlockDevice;
import dev.lui.contract.disk.DiskSelectionException;
import dev.lui.contract.disk.DiskSelector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * lsblk output of several util-linux versions, read into the disks a selector is matched against.
 */
class LsblkTest {
  static String resource(String name) throws IOException {
    try (InputStream in = LsblkTest.class.getResourceAsStream("/lsblk/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsLsblk238AsTheSelectorSeesIt() throws Exception {
    List<BlockDevice> inv = Lsblk.parse(resource("inventory-2.38.json"));
    assertThat(inv)
        .extracting(BlockDevice::path)
        .containsExactly("/dev/sda", "/dev/sdb", "/dev/sr0", "/dev/nvme0n1", "/dev/loop0");
    assertThat(inv.get(2).type()).isEqualTo("rom");
    assertThat(inv.get(4).serial()).isEmpty();
    assertThat(DiskSelector.parse("wwn=5000C500A1B2C3D4").select(inv).path()).isEqualTo("/dev/sdb");
  }

  @Test
  void parsesOldLsblkWithoutPathAndWithStringSizes() throws Exception {
    List<BlockDevice> inv = Lsblk.parse(resource("inventory-2.32-strings.json"));
    assertThat(inv).extracting(BlockDevice::path).containsExactly("/dev/sda", "/dev/sdb");
    assertThat(inv.get(1).sizeBytes()).isEqualTo(4000787030016L);
    assertThat(DiskSelector.parse("serial=S3Z1NB0K123456").select(inv).path())
        .isEqualTo("/dev/sda");
  }

  @Test
  void parsesChildrenAndAllMountPoints() throws Exception {
    BlockDevice sda = Lsblk.parse(resource("tree-mounted.json")).get(0);
    assertThat(sda.mountPoints()).isEmpty();
    assertThat(sda.children())
        .extracting(BlockDevice::path)
        .containsExactly("/dev/sda1", "/dev/sda2", "/dev/sda3");
    assertThat(sda.children().get(2).mountPoints()).containsExactly("/", "/var/snap");
  }

  @Test
  void rejectsLsblkOutputWithoutBlockDevices() {
    assertThatThrownBy(() -> Lsblk.parse("{\"devices\": []}"))
        .isInstanceOf(DiskSelectionException.class)
        .hasMessageContaining("blockdevices");
    assertThatThrownBy(() -> Lsblk.parse("{\"blockdevices\":[{\"name\":\"sda\",\"size\":\"1G\"}]}"))
        .hasMessageContaining("-b");
  }
}
