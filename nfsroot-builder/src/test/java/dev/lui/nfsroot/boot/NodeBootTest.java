package dev.lui.nfsroot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeBootTest {
  static NodeBoot boot(List<String> extra) {
    return new NodeBoot(
        "node01",
        "52:54:00:aa:bb:cc",
        "http://10.0.0.1:8080",
        "10.0.0.1:/var/lib/lui/nfsroot/nodes/node01",
        "lui/vmlinuz",
        "lui/initrd.img",
        extra);
  }

  @Test
  void canonicalisesTheMac() {
    NodeBoot b = new NodeBoot("n1", "52-54-00-AA-BB-CC", "http://s", "s:/r", "k", "i", List.of());
    assertThat(b.mac()).isEqualTo("52:54:00:aa:bb:cc");
  }

  @Test
  void copiesExtraArgsDefensively() {
    List<String> extra = new ArrayList<>(List.of("quiet"));
    NodeBoot b = boot(extra);
    extra.add("splash");
    assertThat(b.extraKernelArgs()).containsExactly("quiet");
  }

  @ParameterizedTest
  @ValueSource(strings = {"quiet init=/bin/sh", "a\nAPPEND x", "", "x\"y", "tab\there"})
  void refusesExtraArgsThatWouldSplitTheCommandLine(String arg) {
    assertThatThrownBy(() -> boot(List.of(arg)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("extra kernel argument");
  }

  @Test
  void refusesATokenAmongExtraArgs() {
    assertThatThrownBy(() -> boot(List.of("lui.token=abc")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("world-readable")
        .message()
        .doesNotContain("abc");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1:/r o",
        "10.0.0.1",
        ":/r",
        "10.0.0.1:relative",
        "10.0.0.1:/r,rw",
        "10.0.0.1:"
      })
  void refusesBadNfsRoots(String nfsRoot) {
    assertThatThrownBy(
            () -> new NodeBoot("n1", "52:54:00:aa:bb:cc", "http://s", nfsRoot, "k", "i", List.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("nfsRoot");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://s", "10.0.0.1:8080", "http://s/a b"})
  void refusesServerUrlsThatAreNotOneHttpWord(String url) {
    assertThatThrownBy(
            () -> new NodeBoot("n1", "52:54:00:aa:bb:cc", url, "s:/r", "k", "i", List.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("serverUrl");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a,b", "../vmlinuz", "lui/../../x", "lui/vm linuz", ""})
  void refusesBadKernelAndInitrdPaths(String path) {
    assertThatThrownBy(
            () -> new NodeBoot("n1", "52:54:00:aa:bb:cc", "http://s", "s:/r", path, "i", List.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("kernel");
    assertThatThrownBy(
            () -> new NodeBoot("n1", "52:54:00:aa:bb:cc", "http://s", "s:/r", "k", path, List.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("initrd");
  }

  @Test
  void refusesHostileNodeNames() {
    assertThatThrownBy(
            () ->
                new NodeBoot(
                    "n1\nDEFAULT evil",
                    "52:54:00:aa:bb:cc",
                    "http://s",
                    "s:/r",
                    "k",
                    "i",
                    List.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("node name");
  }

  @Test
  void refusesABadMac() {
    assertThatThrownBy(
            () -> new NodeBoot("n1", "52:54:00:aa:bb", "http://s", "s:/r", "k", "i", List.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("52:54:00:aa:bb");
  }

  @Test
  void namesTheFieldAndTheRuleOfABadNfsRoot() {
    assertThatThrownBy(
            () -> new NodeBoot("n1", "52:54:00:aa:bb:cc", "http://s", "/r", "k", "i", List.of()))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> {
              assertThat(e.field()).isEqualTo("nfsRoot");
              assertThat(e.value()).isEqualTo("/r");
              assertThat(e.rule()).isEqualTo("server:/absolute/path");
            })
        .hasMessage("nfsRoot \"/r\" must have the form server:/absolute/path");
  }
}
