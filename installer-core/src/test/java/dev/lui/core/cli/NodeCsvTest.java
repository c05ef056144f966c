package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.inventory.NodeSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCsvTest {
  private static final Path F = Path.of("nodes.csv");

  @Test
  void readsRowsByHeaderInAnyColumnOrder() {
    List<NodeSpec> specs =
        NodeCsv.read(
            F,
            "ip,name,netmask,mac,groups\n10.0.0.11,n01,255.255.255.0,52:54:00:00:00:01,compute gpu\n");
    assertThat(specs).hasSize(1);
    assertThat(specs.get(0).name()).isEqualTo("n01");
    assertThat(specs.get(0).groups()).containsExactly("compute", "gpu");
    assertThat(specs.get(0).gateway()).isEmpty();
  }

  @Test
  void keepsQuotedCommasAndNewlinesInsideOneFieldSoValidationSeesThem() {
    List<List<String>> rows = NodeCsv.parse(F, "a,\"b,c\",\"d\ne\"\r\nx,y,z\n");
    assertThat(rows).containsExactly(List.of("a", "b,c", "d\ne"), List.of("x", "y", "z"));
  }

  @Test
  void refusesAnUnknownHeaderField() {
    assertThatThrownBy(() -> NodeCsv.read(F, "name,mac,ip,netmask,colour\n"))
        .hasMessageContaining("colour")
        .hasMessageContaining("unknown field");
  }

  @Test
  void refusesARowWithTheWrongFieldCount() {
    assertThatThrownBy(() -> NodeCsv.read(F, "name,mac,ip,netmask\nn01,52:54:00:00:00:01\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("has 2 fields, the header has 4");
  }

  @Test
  void refusesAHeaderWithoutARequiredField() {
    assertThatThrownBy(() -> NodeCsv.read(F, "name,mac,netmask\n")).hasMessageContaining("'ip'");
  }

  @Test
  void readsTheNetworkAndLeavesANetmaskOutForANodeOnOne() {
    var specs = NodeCsv.read(F, "name,mac,ip,network\nn01,52:54:00:00:00:01,10.0.0.11,cluster\n");
    assertThat(specs.get(0).netmask()).isEmpty();
    assertThat(specs.get(0).network()).contains("cluster");
  }
}
