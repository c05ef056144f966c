package dev.lui.contract.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiskSelectorTest {
  private static BlockDevice device(
      String name, long size, String serial, String wwn, String type) {
    return new BlockDevice(
        name,
        "/dev/" + name,
        size,
        Optional.ofNullable(serial),
        Optional.ofNullable(wwn),
        Optional.empty(),
        type,
        List.of(),
        List.of());
  }

  /** What node-agent's Lsblk reads from its lsblk 2.38 sample (inventory-2.38.json). */
  private static List<BlockDevice> inventory() {
    return List.of(
        device("sda", 256060514304L, "S3Z1NB0K123456", "0x5002538e40a1b2c3", "disk"),
        device("sdb", 4000787030016L, "ZC1ABCDE", "0x5000c500a1b2c3d4", "disk"),
        device("sr0", 1073741312L, "QM001", null, "rom"),
        device("nvme0n1", 512110190592L, "PHBT1234", "eui.0025388b91b2c3d4", "disk"),
        device("loop0", 134217728L, null, null, "loop"));
  }

  @Test
  void parsesEveryKeyAndExposesThem() throws Exception {
    DiskSelector s = DiskSelector.parse("path=/dev/sda, serial=S3Z1, wwn=0x5002, size=200G..300G");
    assertThat(s.path()).contains("/dev/sda");
    assertThat(s.serial()).contains("S3Z1");
    assertThat(s.wwn()).contains("0x5002");
    assertThat(s.size())
        .hasValueSatisfying(
            r -> {
              assertThat(r.minBytes()).isEqualTo(200L << 30);
              assertThat(r.maxBytes()).isEqualTo(300L << 30);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "path=/dev/sda",
        "serial=ZC1ABCDE",
        "wwn=0x5000c500a1b2c3d4",
        "size=1T..5T",
        "serial=S3Z1NB0K123456,size=100G..300G",
        "size=512..1024K",
        "path=/dev/disk/by-id/ata-X_1,wwn=abc"
      })
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
        .isInstanceOf(InvalidValueException.class)
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
        .isInstanceOf(InvalidValueException.class)
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "path=/dev/sda\n",
        "path=/dev/sda\r",
        "\tpath=/dev/sda",
        "size=1G..2G\u0000",
        "serial=S1\u001b[2J",
        "path=/dev/sda\u0085"
      })
  void refusesControlCharactersThatTrimmingWouldHide(String text) {
    assertThatThrownBy(() -> DiskSelector.parse(text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("selector has a control character \\x")
        .hasMessageNotContaining("\n");
  }
}
