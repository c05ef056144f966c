package dev.lui.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.plan.PartitionLayout;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionTableParserTest {
  @Test
  void readsTheTextFormatWithCommentsLabelsAndFlags() {
    PartitionLayout layout =
        PartitionTableParser.parse(
            "t.parts",
            """
            # compute
            label dos
            1  1M   none  -  bios_grub
            2  2G   swap  -  label=swap
            3  rest ext4  /  label=root   # the root
            """);
    assertThat(layout.label()).isEqualTo("dos");
    assertThat(layout.partitions()).hasSize(3);
    assertThat(layout.partitions().get(0).flags()).containsExactly("bios_grub");
    assertThat(layout.partitions().get(1).label()).contains("swap");
    assertThat(layout.partitions().get(1).mountPoint()).isEmpty();
    assertThat(layout.partitions().get(2).mountPoint()).contains("/");
  }

  @Test
  void readsYamlByFileName() {
    PartitionLayout layout =
        PartitionTableParser.parse(
            "t.yaml",
            "partitions:\n  - {size: 256M, filesystem: vfat, mount: /boot/efi, flags: [esp]}\n  - {size: rest, filesystem: ext4, mount: /}\n");
    assertThat(layout.label()).isEqualTo("gpt");
    assertThat(layout.partitions().get(0).flags()).isEqualTo(List.of("esp"));
    assertThat(layout.partitions().get(1).label()).isEqualTo(Optional.empty());
  }

  @Test
  void namesTheLineOfAPartitionOutOfOrder() {
    assertThatThrownBy(() -> PartitionTableParser.parse("t.parts", "1 1G ext4 /\n3 1G ext4 /var\n"))
        .hasMessageContaining("t.parts line 2")
        .hasMessageContaining("expected 2");
  }

  @Test
  void refusesAShortLine() {
    assertThatThrownBy(() -> PartitionTableParser.parse("t.parts", "1 1G ext4\n"))
        .hasMessageContaining("NUMBER SIZE FILESYSTEM MOUNT");
  }

  @Test
  void refusesAnEmptyTable() {
    assertThatThrownBy(() -> PartitionTableParser.parse("t.parts", "# nothing\n"))
        .hasMessageContaining("at least one partition");
  }

  @Test
  void aBootloaderLineChoosesTheLoaderAndTheInstalledSystemsKernelArgs() {
    String text = "label dos\n1 rest ext4 /\nbootloader extlinux console=ttyS0,115200 quiet\n";
    assertThat(PartitionTableParser.parse("t.parts", text).partitions()).hasSize(1);
    var b = PartitionTableParser.bootloader("t.parts", text).orElseThrow();
    assertThat(b.type()).isEqualTo(dev.lui.contract.plan.Bootloader.Type.EXTLINUX);
    assertThat(b.kernelArgs()).contains("console=ttyS0,115200 quiet");
    assertThat(PartitionTableParser.bootloader("t.parts", "1 rest ext4 /\n")).isEmpty();
    assertThat(
            PartitionTableParser.bootloader(
                "t.yaml",
                "bootloader: none\npartitions:\n  - {size: rest, filesystem: ext4, mount: /}\n"))
        .map(x -> x.type())
        .contains(dev.lui.contract.plan.Bootloader.Type.NONE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PartitionTableParser.bootloader("t.parts", "1 rest ext4 /\nbootloader lilo\n"))
        .hasMessageContaining("t.parts line 2")
        .hasMessageContaining("lilo")
        .hasMessageContaining("extlinux");
  }
}
