package dev.lui.contract.plan;

import static dev.lui.contract.plan.TestPlans.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The optional fields added after version 1 shipped: bootloader, DNS, ssh host keys. */
class PlanExtensionsTest {
  private static final String PRIVATE =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0\n-----END OPENSSH PRIVATE KEY-----\n";

  private static NodeIdentity node(List<String> dns, List<String> search, List<SshHostKey> keys) {
    NodeIdentity n = TestPlans.node();
    return new NodeIdentity(
        n.name(), n.hostname(), n.mac(), n.ip(), n.netmask(), n.gateway(), dns, search, keys);
  }

  private static void assertInvalid(InstallPlan plan, String field, String messagePart) {
    assertThatThrownBy(() -> PlanCodec.validate(plan))
        .isInstanceOf(InvalidPlanException.class)
        .satisfies(e -> assertThat(((InvalidPlanException) e).field()).isEqualTo(field))
        .hasMessageContaining(messagePart);
  }

  private static InstallPlan biosPlan() {
    return TestPlans.withPartitions(
        TestPlans.sample(),
        new PartitionLayout(
            "gpt",
            List.of(
                new PartitionSpec(
                    "1M", "none", Optional.empty(), Optional.empty(), List.of("bios_grub")),
                part("rest", "ext4", "/"))));
  }

  @Test
  void aPlanWithoutTheNewFieldsWritesExactlyTheOldJson() {
    String json = PlanCodec.toJson(TestPlans.sample());
    assertThat(json).doesNotContain("bootloader", "nameservers", "searchDomains", "sshHostKeys");
  }

  @Test
  void readsOldPlansWithoutTheNewFields() throws Exception {
    String old = PlanCodec.toJson(TestPlans.sample());
    InstallPlan plan = PlanCodec.fromJson(old);
    assertThat(plan.bootloader()).isEmpty();
    assertThat(plan.node().nameservers()).isEmpty();
    assertThat(plan.node().sshHostKeys()).isEmpty();
  }

  @Test
  void roundTripsBootloaderDnsAndKeys() throws Exception {
    InstallPlan plan =
        TestPlans.withBootloader(
            TestPlans.withNode(
                biosPlan(),
                node(
                    List.of("10.0.0.1"),
                    List.of("cluster"),
                    List.of(new SshHostKey("ed25519", PRIVATE, "ssh-ed25519 AAAA n")))),
            new Bootloader(Bootloader.Type.GRUB_BIOS, Optional.of("console=ttyS0,115200 quiet")));
    String json = PlanCodec.toJson(plan);
    assertThat(json)
        .contains(
            "\"bootloader\" : {",
            "\"type\" : \"grub-bios\"",
            "\"kernelArgs\" : \"console=ttyS0,115200 quiet\"",
            "\"nameservers\" : [ \"10.0.0.1\" ]");
    assertThat(PlanCodec.fromJson(json)).isEqualTo(plan);
    assertThat(PlanCodec.toJson(PlanCodec.fromJson(json))).isEqualTo(json);
    assertThat(plan.toString()).doesNotContain("c2VjcmV0");
  }

  @Test
  void parsesTheShortBootloaderForm() throws Exception {
    String json =
        PlanCodec.toJson(biosPlan())
            .replaceFirst("\\{", "{ \"bootloader\" : { \"type\" : \"none\" },");
    assertThat(PlanCodec.fromJson(json).bootloader()).contains(Bootloader.of(Bootloader.Type.NONE));
    String bad =
        PlanCodec.toJson(biosPlan())
            .replaceFirst("\\{", "{ \"bootloader\" : { \"type\" : \"lilo\" },");
    assertThatThrownBy(() -> PlanCodec.fromJson(bad))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("bootloader")
        .hasMessageContaining("lilo");
    String noType = PlanCodec.toJson(biosPlan()).replaceFirst("\\{", "{ \"bootloader\" : { },");
    assertThatThrownBy(() -> PlanCodec.fromJson(noType))
        .isInstanceOf(InvalidPlanException.class)
        .satisfies(
            e -> assertThat(((InvalidPlanException) e).field()).isEqualTo("bootloader.type"));
  }

  @Test
  void derivesTheBootloaderFromTheLayout() {
    assertThat(Bootloader.effectiveType(TestPlans.sample())).isEqualTo(Bootloader.Type.GRUB_EFI);
    assertThat(Bootloader.effectiveType(biosPlan())).isEqualTo(Bootloader.Type.GRUB_BIOS);
    InstallPlan plain =
        TestPlans.withPartitions(
            TestPlans.sample(), new PartitionLayout("dos", List.of(part("rest", "ext4", "/"))));
    assertThat(Bootloader.effectiveType(plain)).isEqualTo(Bootloader.Type.NONE);
    InstallPlan unmountedEsp =
        TestPlans.withPartitions(
            TestPlans.sample(),
            new PartitionLayout(
                "gpt",
                List.of(
                    new PartitionSpec(
                        "100M", "vfat", Optional.empty(), Optional.empty(), List.of("esp")),
                    part("rest", "ext4", "/"))));
    assertThat(Bootloader.effectiveType(unmountedEsp)).isEqualTo(Bootloader.Type.NONE);
    InstallPlan swapOnly =
        TestPlans.withPayloads(
            TestPlans.withPartitions(
                TestPlans.sample(),
                new PartitionLayout(
                    "gpt",
                    List.of(
                        new PartitionSpec(
                            "1M", "none", Optional.empty(), Optional.empty(), List.of("bios_grub")),
                        part("rest", "swap", null)))),
            List.of());
    assertThat(Bootloader.effectiveType(swapOnly)).isEqualTo(Bootloader.Type.NONE);
    assertThat(
            Bootloader.effectiveType(
                TestPlans.withBootloader(plain, Bootloader.of(Bootloader.Type.GRUB_BIOS))))
        .isEqualTo(Bootloader.Type.GRUB_BIOS);
  }

  @Test
  void rejectsBootloadersTheLayoutCannotHold() {
    InstallPlan gptNoBiosGrub =
        TestPlans.withPartitions(
            TestPlans.sample(), new PartitionLayout("gpt", List.of(part("rest", "ext4", "/"))));
    assertInvalid(
        TestPlans.withBootloader(gptNoBiosGrub, Bootloader.of(Bootloader.Type.GRUB_BIOS)),
        "bootloader.type",
        "bios_grub");
    assertInvalid(
        TestPlans.withBootloader(biosPlan(), Bootloader.of(Bootloader.Type.GRUB_EFI)),
        "bootloader.type",
        "esp partition");
    InstallPlan noRoot =
        TestPlans.withPayloads(
            TestPlans.withPartitions(
                TestPlans.sample(),
                new PartitionLayout("dos", List.of(part("rest", "swap", null)))),
            List.of());
    assertInvalid(
        TestPlans.withBootloader(noRoot, Bootloader.of(Bootloader.Type.GRUB_BIOS)),
        "bootloader.type",
        "mounted at '/'");
    assertInvalid(
        TestPlans.withBootloader(
            biosPlan(),
            new Bootloader(Bootloader.Type.GRUB_BIOS, Optional.of("init=/bin/sh\"; rm"))),
        "bootloader.kernelArgs",
        "grub.cfg");
  }

  @Test
  void validatesAddressesNetmaskAndDns() {
    NodeIdentity n = TestPlans.node();
    assertInvalid(
        TestPlans.withNode(
            TestPlans.sample(),
            new NodeIdentity(
                n.name(), n.hostname(), n.mac(), "10.0.0.300", n.netmask(), n.gateway())),
        "node.ip",
        "'10.0.0.300'");
    assertInvalid(
        TestPlans.withNode(
            TestPlans.sample(),
            new NodeIdentity(n.name(), n.hostname(), n.mac(), n.ip(), "255.0.255.0", n.gateway())),
        "node.netmask",
        "contiguous");
    assertInvalid(
        TestPlans.withNode(
            TestPlans.sample(),
            new NodeIdentity(
                n.name(), n.hostname(), n.mac(), n.ip(), n.netmask(), Optional.of("gw"))),
        "node.gateway",
        "'gw'");
    assertInvalid(
        TestPlans.withNode(TestPlans.sample(), node(List.of("dns.example"), List.of(), List.of())),
        "node.nameservers[0]",
        "IPv4 or IPv6");
    assertInvalid(
        TestPlans.withNode(
            TestPlans.sample(), node(List.of("fd00::1"), List.of("bad_domain"), List.of())),
        "node.searchDomains[0]",
        "domain");
  }

  @Test
  void rejectsBadHostKeysWithoutEchoingThePrivateKey() {
    assertInvalid(
        TestPlans.withNode(
            TestPlans.sample(),
            node(List.of(), List.of(), List.of(new SshHostKey("dsa", PRIVATE, "ssh-dss AAAA")))),
        "node.sshHostKeys[0].type",
        "rsa, ecdsa, ed25519");
    assertThatThrownBy(
            () ->
                PlanCodec.validate(
                    TestPlans.withNode(
                        TestPlans.sample(),
                        node(
                            List.of(),
                            List.of(),
                            List.of(new SshHostKey("rsa", "hunter2-secret", "ssh-rsa A"))))))
        .hasMessageContaining("node.sshHostKeys[0].privateKey")
        .hasMessageNotContaining("hunter2");
    assertInvalid(
        TestPlans.withNode(
            TestPlans.sample(),
            node(
                List.of(),
                List.of(),
                List.of(
                    new SshHostKey("rsa", PRIVATE, "ssh-rsa A"),
                    new SshHostKey("rsa", PRIVATE, "ssh-rsa B")))),
        "node.sshHostKeys[1].type",
        "twice");
  }

  @Test
  void theFullExampleInTheDocsIsAValidPlan() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/plan-format.md"));
    int start = doc.indexOf("```json", doc.indexOf("## Full example")) + "```json".length();
    InstallPlan plan = PlanCodec.fromJson(doc.substring(start, doc.indexOf("```", start)));
    assertThat(plan.bootloader())
        .contains(new Bootloader(Bootloader.Type.GRUB_EFI, Optional.of("console=ttyS0,115200")));
    assertThat(plan.node().nameservers()).containsExactly("10.0.0.1");
  }
}
