package dev.lui.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.plan.Bootloader;
import dev.lui.contract.plan.Finish;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.TestPlans;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtlinuxTest {
  @Test
  void onGptTheBootPartitionGetsTheLegacyBiosBootableAttributeAndGptmbrTheCode() {
    List<List<String>> c =
        Extlinux.commands("/dev/vda", 2, true, Path.of("/usr/lib/EXTLINUX/gptmbr.bin"));
    assertThat(c.get(0))
        .containsExactly(
            "dd",
            "if=/usr/lib/EXTLINUX/gptmbr.bin",
            "of=/dev/vda",
            "bs=440",
            "count=1",
            "conv=notrunc");
    assertThat(c.get(1))
        .containsExactly(
            "sfdisk",
            "--no-reread",
            "--no-tell-kernel",
            "--part-attrs",
            "/dev/vda",
            "2",
            "LegacyBIOSBootable");
    assertThat(Extlinux.commands("/dev/vda", 1, false, Path.of("/m/mbr.bin")).get(1))
        .contains("--activate");
  }

  @Test
  void theConfigBootsTheKernelByUuidWithoutASerialLineWhenNoConsoleIsAsked() {
    String cfg = Extlinux.config("n01", "/vmlinuz-6.1", Optional.empty(), "abcd", Optional.empty());
    assertThat(cfg)
        .doesNotContain("SERIAL")
        .doesNotContain("INITRD")
        .contains("LINUX /vmlinuz-6.1\n")
        .contains("APPEND root=UUID=abcd ro\n");
  }

  @Test
  void extlinuxOnXfsIsAValidPlanAndSoIsItsJsonName() throws Exception {
    InstallPlan plan =
        new InstallPlan(
                1,
                TestPlans.node(),
                "path=/dev/vda",
                new PartitionLayout(
                    "dos",
                    List.of(
                        new PartitionSpec(
                            "rest", "xfs", Optional.of("/"), Optional.empty(), List.of()))),
                List.of(),
                List.of(),
                Finish.NONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            .withBootloader(Optional.of(Bootloader.of(Bootloader.Type.EXTLINUX)));
    PlanCodec.validate(plan);
    assertThat(PlanCodec.toJson(plan)).contains("\"extlinux\"");
    assertThatThrownBy(() -> Bootloader.Type.fromJson("lilo"))
        .hasMessageContaining("grub-bios, grub-efi, extlinux, none");
  }
}
