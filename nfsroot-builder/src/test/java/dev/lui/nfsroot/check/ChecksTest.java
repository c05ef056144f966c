package dev.lui.nfsroot.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {
  @ParameterizedTest
  @ValueSource(strings = {"node01", "n", "rack1.n-01", "Node_7"})
  void acceptsSafeNodeNames(String name) {
    assertThat(Checks.nodeName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../etc",
        "a/b",
        "a..b",
        "-node",
        ".hidden",
        "node 1",
        "node\n1",
        "nöde",
        "a\u0000b"
      })
  void rejectsHostileNodeNames(String name) {
    assertThatThrownBy(() -> Checks.nodeName(name))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("node name");
  }

  @Test
  void rejectsNodeNameLongerThan64() {
    assertThat(Checks.nodeName("a".repeat(64))).hasSize(64);
    assertThatThrownBy(() -> Checks.nodeName("a".repeat(65)))
        .isInstanceOf(InvalidValueException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\tb", "a\nb", "a\rb", "a\"b", "a\u00a0b", "a\u007fb", "é"})
  void rejectsWordsThatWouldSplitTheCommandLine(String value) {
    assertThatThrownBy(() -> Checks.word("field", value))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("field ")
        .hasMessageContaining("printable ASCII");
  }

  @Test
  void errorMessagesEscapeControlCharacters() {
    assertThatThrownBy(() -> Checks.word("field", "a\nb"))
        .hasMessageContaining("\"a\\u000ab\"")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void secretErrorsNeverEchoTheValue() {
    assertThatThrownBy(() -> Checks.secretWord("install token", "s3cr3t value"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("install token")
        .message()
        .doesNotContain("s3cr3t");
  }

  @Test
  void rejectsIdentityValuesWithNewlines() {
    assertThatThrownBy(() -> Checks.identityValue("ip", "10.0.0.1\nserver=evil"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("identity value for ip");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Ip", "1ip", "a=b", "a b"})
  void rejectsBadIdentityKeys(String key) {
    assertThatThrownBy(() -> Checks.identityKey(key)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void wordRefusalShowsTheValueAndWhereItBreaks() {
    assertThatThrownBy(() -> Checks.word("kernel argument", "a b"))
        .hasMessage(
            "kernel argument \"a b\" contains whitespace U+0020 at index 1; only printable ASCII"
                + " without space or '\"' is allowed (anything else would split or garble the"
                + " command line)")
        .extracting(e -> ((InvalidValueException) e).value())
        .isEqualTo("a b");
  }

  @Test
  void secretWordRefusalNamesTheFaultButNotTheValueOrPosition() {
    assertThatThrownBy(() -> Checks.secretWord("install token", "s3cr3t value"))
        .hasMessage(
            "install token contains whitespace U+0020; only printable ASCII without space or '\"'"
                + " is allowed (value and position not shown: it is a secret)")
        .extracting(e -> ((InvalidValueException) e).value())
        .isEqualTo("(not shown)");
    assertThatThrownBy(() -> Checks.secretWord("install token", ""))
        .hasMessage("install token must not be empty");
  }
}
