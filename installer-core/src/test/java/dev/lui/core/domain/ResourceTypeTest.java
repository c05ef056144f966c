package dev.lui.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.lui.core.Json;
import dev.lui.core.plan.PlanCompiler;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every permit of the sealed {@link Resource} is one entry of {@link ResourceType}. */
class ResourceTypeTest {
  private static final Blob BLOB = new Blob("x", "ab".repeat(32), 3);

  /** One of each permit. */
  private static final List<Resource> EXAMPLES =
      List.of(
          new Resource.RpmList("r", BLOB, List.of(BLOB)),
          new Resource.DebList("d", BLOB, List.of(BLOB)),
          new Resource.Tarball("t", BLOB, "/"),
          new Resource.Kernel("k", BLOB, Optional.of(BLOB), "6.1"),
          new Resource.FileResource("f", BLOB, "/etc/motd", "0644", "root:root"),
          new Resource.PartitionTable("p", BLOB, PlanCompiler.DEFAULT_LAYOUT),
          new Resource.Script("s", BLOB));

  @Test
  void everyPermitIsInTheTableExactlyOnce() {
    assertThat(Arrays.stream(ResourceType.values()).<Class<?>>map(ResourceType::permit))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(concretePermits(Resource.class));
  }

  @Test
  void theExamplesCoverEveryPermit() {
    assertThat(EXAMPLES.stream().<Class<?>>map(Object::getClass))
        .containsExactlyInAnyOrder(concretePermits(Resource.class));
  }

  @Test
  void eachPermitKnowsItsType() {
    for (Resource r : EXAMPLES) {
      assertThat(r.type().permit()).as("%s", r).isEqualTo(r.getClass());
    }
  }

  /** The names are the wire format (CLI --type, API, store rows): they never change. */
  @Test
  void keepsTheWireNames() {
    assertThat(ResourceType.names())
        .isEqualTo("rpm-list, deb-list, tarball, kernel, file, partition-table, script");
  }

  @Test
  void jsonNamesEachPermitByItsTypeAndReadsItBack() throws Exception {
    for (Resource r : EXAMPLES) {
      JsonNode tree = Json.json().valueToTree(r);
      assertThat(tree.get("type").asText()).as("%s", r).isEqualTo(r.type().wireName());
      Resource back = Json.json().treeToValue(tree, Resource.class);
      assertThat(back).isEqualTo(r);
    }
  }

  @Test
  void refusesAnUnknownTypeInJson() {
    assertThatThrownBy(
            () -> Json.json().readValue("{\"type\":\"iso\",\"name\":\"x\"}", Resource.class))
        .isInstanceOf(InvalidTypeIdException.class)
        .hasMessageContaining("'iso'");
  }

  @Test
  void parsesEveryWireNameAndRefusesOthers() {
    for (ResourceType t : ResourceType.values()) {
      assertThat(ResourceType.parse("--type", t.wireName())).isEqualTo(t);
    }
    assertThatThrownBy(() -> ResourceType.parse("--type", "iso"))
        .hasMessage(
            "--type 'iso': the resource type is one of rpm-list, deb-list, tarball, kernel, file,"
                + " partition-table, script");
  }

  /** The records a sealed type permits, through sealed sub-interfaces (a package list). */
  static Class<?>[] concretePermits(Class<?> sealed) {
    return Arrays.stream(sealed.getPermittedSubclasses())
        .flatMap(
            c ->
                c.isInterface() ? Arrays.stream(concretePermits(c)) : java.util.stream.Stream.of(c))
        .distinct()
        .toArray(Class<?>[]::new);
  }
}
