package dev.lui.agent.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.agent.plan.InvalidPlanException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiskSelectorTest {
  static String resource(String name) throws IOException {
    try (InputStream in = DiskSelectorTest.class.getResourceAsStream("/lsblk/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<BlockDevice> inventory() throws Exception {
    return Lsblk.parse(resource("inventory-2.38.json"));
  }

  @Test
  void parsesEveryKeyAndExposesThem() throws Exception {
    DiskSelector s = DiskSelector.parse("path=/dev/sda, serial=S3Z1, wwn=0x5002, size=200G..300G");
    assertThat(s.path()).contains("/dev/sda");
    assertThat(s.serial()).contains("S3Z1");
    assertThat(s.wwn()).contains("0x5002");
    assertThat(s.size()).hasValueSatisfying(r -> {
      assertThat(r.minBytes()).isEqualTo(200L << 30);
      assertThat(r.maxBytes()).isEqualTo(300L << 30);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"path=/dev/sda", "serial=ZC1ABCDE", "wwn=0x5000c500a1b2c3d4",
      "size=1T..5T", "serial=S3Z1NB0K123456,size=100G..300G", "size=512..1024K",
      "path=/dev/disk/by-id/ata-X_1,wwn=abc"})
  void toStringRoundTrips(String text) throws Exception {
    DiskSelector s = DiskSelector.parse(text);
    assertThat(s.toString()).isEqualTo(text);
    assertThat(DiskSelector.parse(s.toString())).isEqualTo(s);
  }

  @Test
  void canonicalizesOrderAndSpaces() throws Exception {
    assertThat(DiskSelector.parse(" size=1G..2G , path=/dev/sdb ").toString())
        .isEqualTo("path=/dev/sdb,size=1G..2G");
  }

  @Test
  void refusesUnknownKeyNamingIt() {
    assertThatThrownBy(() -> DiskSelector.parse("path=/dev/sda,vendor=acme"))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("unknown key 'vendor'")
        .hasMessageContaining("path, serial, wwn, size");
  }

  @Test
  void refusesEmptyValue() {
    assertThatThrownBy(() -> DiskSelector.parse("serial="))
        .hasMessageContaining("key 'serial' has an empty value");
  }

  @Test
  void refusesEmptySelector() {
    assertThatThrownBy(() -> DiskSelector.parse("  ")).hasMessageContaining("empty");
  }

  @Test
  void refusesTermWithoutEquals() {
    assertThatThrownBy(() -> DiskSelector.parse("/dev/sda"))
        .hasMessageContaining("'/dev/sda' must be key=value");
  }

  @Test
  void refusesDuplicateKey() {
    assertThatThrownBy(() -> DiskSelector.parse("path=/dev/sda,path=/dev/sdb"))
        .hasMessageContaining("more than once");
  }

  @ParameterizedTest
  @ValueSource(strings = {"size=200G", "size=300G..200G", "size=2X..3G", "size=..3G"})
  void refusesBadSizeRange(String text) {
    assertThatThrownBy(() -> DiskSelector.parse(text))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("size '");
  }

  @ParameterizedTest
  @ValueSource(strings = {"path=sda", "path=/etc/passwd", "path=/dev/../etc/shadow"})
  void refusesNonDevicePath(String text) {
    assertThatThrownBy(() -> DiskSelector.parse(text)).hasMessageContaining("under /dev/");
  }

  @Test
  void selectsByPath() throws Exception {
    assertThat(DiskSelector.parse("path=/dev/sdb").select(inventory()).name()).isEqualTo("sdb");
  }

  @Test
  void selectsBySerialAndWwnIgnoringHexPrefixAndCase() throws Exception {
    assertThat(DiskSelector.parse("serial=PHBT1234").select(inventory()).path())
        .isEqualTo("/dev/nvme0n1");
    assertThat(DiskSelector.parse("wwn=5000C500A1B2C3D4").select(inventory()).path())
        .isEqualTo("/dev/sdb");
  }

  @Test
  void selectsBySizeRangeAndCombinedTerms() throws Exception {
    assertThat(DiskSelector.parse("size=3T..4T").select(inventory()).path()).isEqualTo("/dev/sdb");
    assertThat(DiskSelector.parse("size=100G..600G,serial=PHBT1234").select(inventory()).path())
        .isEqualTo("/dev/nvme0n1");
  }

  @Test
  void neverSelectsCdRom() throws Exception {
    assertThatThrownBy(() -> DiskSelector.parse("serial=QM001").select(inventory()))
        .isInstanceOf(DiskSelectionException.class)
        .hasMessageContaining("no disk matches 'serial=QM001'");
  }

  @Test
  void failsWhenNoneMatchListingDisksSeen() throws Exception {
    assertThatThrownBy(() -> DiskSelector.parse("path=/dev/sdq").select(inventory()))
        .isInstanceOf(DiskSelectionException.class)
        .hasMessageContaining("no disk matches")
        .hasMessageContaining("/dev/sda (disk, 256060514304 bytes, serial S3Z1NB0K123456");
  }

  @Test
  void failsWhenSeveralMatch() throws Exception {
    assertThatThrownBy(() -> DiskSelector.parse("size=200G..600G").select(inventory()))
        .isInstanceOf(DiskSelectionException.class)
        .hasMessageContaining("2 disks match")
        .hasMessageContaining("/dev/sda")
        .hasMessageContaining("/dev/nvme0n1");
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
    assertThat(sda.children()).extracting(BlockDevice::path)
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

  @ParameterizedTest
  @ValueSource(strings = {"path=/dev/sda\n", "path=/dev/sda\r", "\tpath=/dev/sda", "size=1G..2G\u0000", "serial=S1\u001b[2J", "path=/dev/sda\u0085"})
  void refusesControlCharactersThatTrimmingWouldHide(String text) {
    assertThatThrownBy(() -> DiskSelector.parse(text))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("selector has a control character \\x")
        .hasMessageNotContaining("\n");
  }
}
