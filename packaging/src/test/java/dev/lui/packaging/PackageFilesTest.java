package dev.lui.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackageFilesTest {
  @Test
  void keepsTheHelpsIndentedExampleLinesAsALiteralBlock() {
    String adoc =
        String.join(
            "\n",
            "== Description",
            "",
            "Examples:",
            "  lui define-node n01 --mac 52:54:00:00:00:01 \\",
            "      --ip 10.0.0.11",
            "Then more.",
            "",
            "// end::picocli-generated-man-section-description[]",
            "== Options",
            "",
            "*--mac*=_MAC_::",
            "  The node's MAC.");
    assertThat(PackageFiles.literalExamples(adoc))
        .contains(
            "Examples:\n\n....\n  lui define-node n01 --mac 52:54:00:00:00:01 \\\n      --ip 10.0.0.11\n"
                + "....\n\nThen more.")
        .endsWith("*--mac*=_MAC_::\n  The node's MAC.");
  }

  @Test
  void namesACommandWithTheDescriptionsFirstWholeSentence() {
    String adoc =
        "== Name\n\nlui-server - Run the lui daemon: store, HTTP API and\n\n"
            + "== Synopsis\n\n*lui server*\n\n== Description\n\n"
            + "Run the lui daemon: store, HTTP API and\nNFS-root writers. More words.\n\nNext.";
    assertThat(PackageFiles.wholeNameSentence(adoc))
        .startsWith(
            "== Name\n\nlui-server - Run the lui daemon: store, HTTP API and NFS-root writers.\n");
    String whole = "== Name\n\nlui-x - Does x.\n\n== Description\n\nDoes x. And y.";
    assertThat(PackageFiles.wholeNameSentence(whole)).isEqualTo(whole);
  }

  @Test
  void passesABracketedLabelOfTheSynopsisThroughAsWritten() {
    String adoc =
        "== Synopsis\n\n*lui x* [*--bmc*=_ipmi://USER@HOST[:PORT]_] [*--d*=_NAME_[,_NAME_...]]...\n"
            + "\n// end::picocli-generated-man-section-synopsis[]\n*--bmc*=_HOST[:PORT]_::";
    assertThat(PackageFiles.bracketLabels(adoc))
        .contains("[*--bmc*=_pass:[ipmi://USER@HOST[:PORT\\]]_]")
        .contains("[*--d*=_NAME_[,_NAME_...]]...")
        .endsWith("*--bmc*=_HOST[:PORT]_::");
  }

  @Test
  void theBashCompletionKnowsEveryCommand() throws Exception {
    java.nio.file.Path out = java.nio.file.Files.createTempDirectory("package-files");
    PackageFiles.writeCompletion(out);
    assertThat(java.nio.file.Files.readString(out.resolve("lui")))
        .contains("complete -F _complete_lui")
        .contains("define-node");
  }
}
