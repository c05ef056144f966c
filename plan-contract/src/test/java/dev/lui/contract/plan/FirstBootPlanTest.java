package dev.lui.contract.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The optional {@code firstBoot { url, token }} of a plan. */
class FirstBootPlanTest {
  static final String TOKEN = "s3cr3t-Token.value";
  static final FirstBoot REPORT =
      new FirstBoot("http://10.0.0.1:8080/api/v1/agent/node01/first-boot", TOKEN);

  private static void assertInvalid(InstallPlan plan, String field, String messagePart) {
    assertThatThrownBy(() -> PlanCodec.validate(plan))
        .isInstanceOf(InvalidPlanException.class)
        .satisfies(e -> assertThat(((InvalidPlanException) e).field()).isEqualTo(field))
        .hasMessageContaining(messagePart);
  }

  @Test
  void roundTripsAndIsOmittedWhenAbsent() throws Exception {
    InstallPlan plan = TestPlans.sample().withFirstBoot(Optional.of(REPORT));
    String json = PlanCodec.toJson(plan);
    assertThat(json)
        .contains(
            "\"firstBoot\" : {",
            "\"url\" : \"http://10.0.0.1:8080/api/v1/agent/node01/first-boot\"",
            "\"token\" : \"" + TOKEN + "\"");
    assertThat(PlanCodec.fromJson(json)).isEqualTo(plan);
    assertThat(PlanCodec.toJson(TestPlans.sample())).doesNotContain("firstBoot");
  }

  @Test
  void aPlanWrittenBeforeFirstBootExistedStillParses() throws Exception {
    assertThat(PlanCodec.fromJson(PlanCodec.toJson(TestPlans.sample())).firstBoot()).isEmpty();
  }

  @Test
  void theTokenNeverAppearsInToStringOrValidationMessages() {
    InstallPlan plan = TestPlans.sample().withFirstBoot(Optional.of(REPORT));
    assertThat(plan.toString()).contains("token=<redacted>").doesNotContain(TOKEN);
    InstallPlan bad =
        TestPlans.sample()
            .withFirstBoot(Optional.of(new FirstBoot(REPORT.url(), "has \"quote " + TOKEN)));
    assertThatThrownBy(() -> PlanCodec.validate(bad))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertInvalid(bad, "firstBoot.token", "not shown");
    assertInvalid(
        TestPlans.sample().withFirstBoot(Optional.of(new FirstBoot(REPORT.url(), ""))),
        "firstBoot.token",
        "1-512");
  }

  @Test
  void theUrlMustBeHttpOrHttpsWithAHostAndNothingAShellOrHeaderCouldMisread() {
    for (String url :
        List.of(
            "ftp://h/x",
            "http:///x",
            "http://h/a b",
            "http://h/\"x",
            "http://h/x?token=1",
            "/local/path",
            "http://h/x\nHost: evil")) {
      assertInvalid(
          TestPlans.sample().withFirstBoot(Optional.of(new FirstBoot(url, TOKEN))),
          "firstBoot.url",
          "http://");
    }
    for (String url :
        List.of(
            "https://lui.example:8443/api/v1/agent/n/first-boot", "http://h", "http://10.0.0.1/")) {
      InstallPlan ok = TestPlans.sample().withFirstBoot(Optional.of(new FirstBoot(url, TOKEN)));
      org.assertj.core.api.Assertions.assertThatCode(() -> PlanCodec.validate(ok))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void needsARootFilesystemToInstallInto() {
    InstallPlan noRoot =
        TestPlans.withPayloads(
                TestPlans.withPartitions(
                    TestPlans.sample(),
                    new PartitionLayout("gpt", List.of(TestPlans.part("rest", "swap", null)))),
                List.of())
            .withFirstBoot(Optional.of(REPORT));
    assertInvalid(noRoot, "firstBoot", "mounted at /");
  }
}
