package dev.lui.contract.plan;

import static dev.lui.contract.plan.TestPlans.SHA;
import static dev.lui.contract.plan.TestPlans.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCodecTest {
  private static PartitionLayout gpt(PartitionSpec... parts) {
    return new PartitionLayout("gpt", List.of(parts));
  }

  private static InstallPlan withLayout(PartitionLayout l) {
    return TestPlans.withPartitions(TestPlans.sample(), l);
  }

  private static InstallPlan withPayload(Payload p) {
    return TestPlans.withPayloads(TestPlans.sample(), List.of(p));
  }

  private static void assertInvalid(InstallPlan plan, String field, String messagePart) {
    assertThatThrownBy(() -> PlanCodec.validate(plan))
        .isInstanceOf(InvalidPlanException.class)
        .satisfies(e -> assertThat(((InvalidPlanException) e).field()).isEqualTo(field))
        .hasMessageContaining(messagePart);
  }

  @Test
  void roundTripsThroughJson() throws Exception {
    InstallPlan plan = TestPlans.sample();
    String json = PlanCodec.toJson(plan);
    assertThat(PlanCodec.fromJson(json)).isEqualTo(plan);
    assertThat(PlanCodec.toJson(PlanCodec.fromJson(json))).isEqualTo(json);
  }

  @Test
  void writesLowerCaseEnumsTypeTagsAndOmitsEmptyOptionals() {
    String json = PlanCodec.toJson(TestPlans.sample());
    assertThat(json)
        .contains(
            "\"finish\" : \"reboot\"",
            "\"type\" : \"tarball\"",
            "\"type\" : \"file\"",
            "\"mountPoint\" : \"/boot/efi\"");
    // The swap partition has no mount point: the field is left out, not null.
    assertThat(json).doesNotContain("null");
  }

  @Test
  void rejectsOtherVersionBeforeAnythingElse() {
    String json = "{\"version\": 2, \"bogus\": true}";
    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("version")
        .hasMessageContaining("2")
        .hasMessageContaining("supports plan version 1");
  }

  @Test
  void rejectsMissingVersion() {
    assertThatThrownBy(() -> PlanCodec.fromJson("{}")).hasMessageStartingWith("version:");
  }

  @Test
  void rejectsUnknownFieldNamingItsPath() {
    String json =
        PlanCodec.toJson(TestPlans.sample())
            .replace("\"size\" : \"2G\",", "\"size\" : \"2G\", \"colour\" : \"red\",");
    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("colour")
        .satisfies(
            e ->
                assertThat(((InvalidPlanException) e).field())
                    .isEqualTo("partitions.partitions[1].colour"));
  }

  @Test
  void rejectsUnknownPayloadType() {
    String json = PlanCodec.toJson(TestPlans.sample()).replace("\"tarball\"", "\"zip\"");
    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .satisfies(e -> assertThat(((InvalidPlanException) e).field()).startsWith("payloads[0]"));
  }

  @Test
  void rejectsMissingRequiredField() {
    String json = PlanCodec.toJson(TestPlans.sample()).replace("\"disk\" : \"path=/dev/sdz\",", "");
    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageStartingWith("disk:");
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> PlanCodec.fromJson("{\"version\": 1,"))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void validatesThroughFromJson() {
    String json = PlanCodec.toJson(TestPlans.sample()).replace("\"gpt\"", "\"mbr\"");
    assertThatThrownBy(() -> PlanCodec.fromJson(json))
        .hasMessageStartingWith("partitions.label:")
        .hasMessageContaining("mbr");
  }

  @Test
  void rejectsBadDiskSelectorUnderDiskField() {
    assertInvalid(TestPlans.withDisk(TestPlans.sample(), "colour=red"), "disk", "colour");
  }

  @Test
  void acceptsAllSizeForms() throws Exception {
    PlanCodec.validate(
        withLayout(
            gpt(
                part("512M", "vfat", "/boot"),
                part("20G", "ext4", "/"),
                part("1T", "xfs", "/data"),
                part("10%", "swap", null),
                part("rest", "none", null))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"512", "512MB", "0M", "-1G", "10.5G", "0%", "101%", "abc", ""})
  void rejectsBadSize(String size) {
    assertInvalid(
        withLayout(gpt(part(size, "ext4", "/"))), "partitions.partitions[0].size", "must be");
  }

  @Test
  void rejectsRestBeforeLast() {
    assertInvalid(
        withLayout(gpt(part("rest", "ext4", "/"), part("1G", "swap", null))),
        "partitions.partitions[0].size",
        "only the last");
  }

  @Test
  void rejectsPercentagesOverHundred() {
    assertInvalid(
        withLayout(gpt(part("60%", "ext4", "/"), part("50%", "xfs", "/d"))),
        "partitions.partitions[1].size",
        "110%");
  }

  @Test
  void rejectsUnknownFilesystem() {
    assertInvalid(
        withLayout(gpt(part("rest", "btrfs", "/"))),
        "partitions.partitions[0].filesystem",
        "btrfs");
  }

  @Test
  void rejectsRelativeMountPoint() {
    assertInvalid(
        withLayout(gpt(part("rest", "ext4", "boot"))),
        "partitions.partitions[0].mountPoint",
        "absolute");
  }

  @Test
  void rejectsDotDotInMountPoint() {
    assertInvalid(
        withLayout(gpt(part("1G", "ext4", "/"), part("rest", "ext4", "/var/../etc"))),
        "partitions.partitions[1].mountPoint",
        "..");
  }

  @Test
  void rejectsDuplicateMountPoint() {
    assertInvalid(
        withLayout(gpt(part("1G", "ext4", "/"), part("rest", "xfs", "/"))),
        "partitions.partitions[1].mountPoint",
        "twice");
  }

  @Test
  void rejectsSwapWithMountPoint() {
    assertInvalid(
        withLayout(gpt(part("1G", "swap", "/swap"), part("rest", "ext4", "/"))),
        "partitions.partitions[0].mountPoint",
        "swap");
  }

  @Test
  void rejectsPayloadsWithoutRootMount() {
    assertInvalid(withLayout(gpt(part("1G", "ext4", "/boot"))), "payloads", "'/'");
  }

  @Test
  void acceptsNoPayloadsWithoutRoot() throws Exception {
    PlanCodec.validate(
        TestPlans.withPayloads(withLayout(gpt(part("1G", "swap", null))), List.of()));
  }

  @Test
  void rejectsLabelOtherThanGptOrDos() {
    assertInvalid(
        withLayout(new PartitionLayout("msdos", List.of(part("rest", "ext4", "/")))),
        "partitions.label",
        "gpt or dos");
  }

  @Test
  void rejectsTooLongFilesystemLabel() {
    PartitionSpec p =
        new PartitionSpec(
            "rest", "vfat", Optional.of("/"), Optional.of("WAYTOOLONGLABEL"), List.of());
    assertInvalid(withLayout(gpt(p)), "partitions.partitions[0].label", "1-11");
  }

  @Test
  void rejectsUnknownFlag() {
    PartitionSpec p =
        new PartitionSpec("rest", "ext4", Optional.of("/"), Optional.empty(), List.of("hidden"));
    assertInvalid(withLayout(gpt(p)), "partitions.partitions[0].flags[0]", "hidden");
  }

  @Test
  void rejectsRelativeFileTarget() {
    assertInvalid(
        withPayload(new Payload.FileCopy("f", "/src", SHA, "etc/x", "0644", "root")),
        "payloads[0].target",
        "absolute");
  }

  @ParameterizedTest
  @ValueSource(strings = {"644x", "64", "07777", "0898", "rw-r--r--"})
  void rejectsBadMode(String mode) {
    assertInvalid(
        withPayload(new Payload.FileCopy("f", "/src", SHA, "/etc/x", mode, "root")),
        "payloads[0].mode",
        "octal");
  }

  @Test
  void acceptsThreeAndFourDigitModes() throws Exception {
    PlanCodec.validate(withPayload(new Payload.FileCopy("f", "/s", SHA, "/x", "644", "root")));
    PlanCodec.validate(withPayload(new Payload.FileCopy("f", "/s", SHA, "/x", "4755", "0:0")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"root:root:root", "Root", "", ":root", "root:", "a b"})
  void rejectsBadOwner(String owner) {
    assertInvalid(
        withPayload(new Payload.FileCopy("f", "/src", SHA, "/etc/x", "0644", owner)),
        "payloads[0].owner",
        "user");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void rejectsBadSha256(String sha) {
    assertInvalid(
        withPayload(new Payload.Tarball("t", "/src.tar", sha, "/")), "payloads[0].sha256", "64");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "a/b", ".hidden", "with space", ""})
  void rejectsUnsafeName(String name) {
    assertInvalid(
        withPayload(new Payload.Tarball(name, "/src.tar", SHA, "/")),
        "payloads[0].name",
        "[A-Za-z0-9._-]");
  }

  @Test
  void rejectsRelativeOrSchemeLessSource() {
    assertInvalid(
        withPayload(new Payload.Tarball("t", "ftp://x/y", SHA, "/")), "payloads[0].source", "http");
  }

  @Test
  void acceptsPackageListsAndRejectsEmptyOnesOrBadChecksums() throws Exception {
    PlanCodec.validate(
        withPayload(new Payload.RpmList("rpms", List.of(new Payload.Source("/a.rpm", SHA)))));
    assertInvalid(
        withPayload(new Payload.DebList("debs", List.of())),
        "payloads[0].packages",
        "at least one package");
    assertInvalid(
        withPayload(new Payload.DebList("debs", List.of(new Payload.Source("/a.deb", "abc")))),
        "payloads[0].packages[0].sha256",
        "");
  }

  @Test
  void acceptsKernelAndScripts() throws Exception {
    InstallPlan p =
        withPayload(
            new Payload.Kernel(
                "k",
                new Payload.Source("/vmlinuz", SHA),
                Optional.of(new Payload.Source("/initrd", SHA)),
                "6.1.0-13-amd64"));
    p = TestPlans.withScripts(p, List.of(new ScriptStep("post", "/post.sh", SHA)));
    PlanCodec.validate(p);
    assertThat(PlanCodec.fromJson(PlanCodec.toJson(p))).isEqualTo(p);
  }

  @Test
  void rejectsBadHostname() {
    InstallPlan s = TestPlans.sample();
    NodeIdentity n =
        new NodeIdentity(
            "node01",
            "bad_host",
            s.node().mac(),
            s.node().ip(),
            s.node().netmask(),
            Optional.empty());
    assertInvalid(
        new InstallPlan(
            1,
            n,
            s.disk(),
            s.partitions(),
            s.payloads(),
            s.scripts(),
            s.finish(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        "node.hostname",
        "bad_host");
  }
}
