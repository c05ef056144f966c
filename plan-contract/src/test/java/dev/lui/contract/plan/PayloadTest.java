package dev.lui.contract.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.contract.AgentJson;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every permit of the sealed {@link Payload} has one name in its {@code @JsonSubTypes}. */
class PayloadTest {
  private static final String SHA = "ab".repeat(32);
  private static final Payload.Source SOURCE = new Payload.Source("/srv/x", SHA);

  /** One of each permit, with its wire name. */
  private static final List<Object[]> EXAMPLES =
      List.of(
          new Object[] {new Payload.Tarball("t", "/srv/t", SHA, "/"), "tarball"},
          new Object[] {
            new Payload.FileCopy("f", "/srv/f", SHA, "/etc/motd", "0644", "root:root"), "file"
          },
          new Object[] {new Payload.RpmList("r", List.of(SOURCE)), "rpm-list"},
          new Object[] {new Payload.DebList("d", List.of(SOURCE)), "deb-list"},
          new Object[] {new Payload.Kernel("k", SOURCE, Optional.of(SOURCE), "6.1.0"), "kernel"});

  @Test
  void everyPermitHasExactlyOneJsonName() {
    JsonSubTypes.Type[] types = Payload.class.getAnnotation(JsonSubTypes.class).value();
    assertThat(Arrays.stream(types).map(JsonSubTypes.Type::value))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(Payload.class.getPermittedSubclasses());
    assertThat(Arrays.stream(types).map(JsonSubTypes.Type::name)).doesNotHaveDuplicates();
  }

  @Test
  void theExamplesCoverEveryPermit() {
    assertThat(EXAMPLES.stream().<Class<?>>map(e -> e[0].getClass()))
        .containsExactlyInAnyOrder(Payload.class.getPermittedSubclasses());
  }

  /** The names are the plan's wire format: they never change. */
  @Test
  void writesEachPermitUnderItsNameAndReadsItBack() throws Exception {
    for (Object[] e : EXAMPLES) {
      JsonNode tree = AgentJson.newMapper().valueToTree(e[0]);
      assertThat(tree.get("type").asText()).as("%s", e[0]).isEqualTo(e[1]);
      assertThat(AgentJson.newMapper().treeToValue(tree, Payload.class)).isEqualTo(e[0]);
    }
  }
}
