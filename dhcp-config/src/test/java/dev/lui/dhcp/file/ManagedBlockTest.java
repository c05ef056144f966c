package dev.lui.dhcp.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManagedBlockTest {
  private final ManagedBlock block = ManagedBlock.standard();

  @Test
  void replacesOnlyTheLinesBetweenMarkers() {
    String text =
        "option domain-name \"x\";  \r\n"
            + "# BEGIN lui managed block\n"
            + "old 1\nold 2\n"
            + "# END lui managed block\n"
            + "\ttrailing admin line without newline";
    String out = block.replace(text, "new\n");
    assertThat(out)
        .isEqualTo(
            "option domain-name \"x\";  \r\n"
                + "# BEGIN lui managed block\n"
                + "new\n"
                + "# END lui managed block\n"
                + "\ttrailing admin line without newline");
  }

  @Test
  void appendsBlockWhenAbsent() {
    assertThat(block.replace("admin\n", "x\n"))
        .isEqualTo("admin\n# BEGIN lui managed block\nx\n# END lui managed block\n");
    assertThat(block.replace("admin", "x"))
        .isEqualTo("admin\n# BEGIN lui managed block\nx\n# END lui managed block\n");
    assertThat(block.replace("", "x\n"))
        .isEqualTo("# BEGIN lui managed block\nx\n# END lui managed block\n");
  }

  @Test
  void replacingTwiceWithSameBodyIsStable() {
    String once = block.replace("a\nb\n", "x\ny\n");
    assertThat(block.replace(once, "x\ny\n")).isEqualTo(once);
    assertThat(block.extract(once)).contains("x\ny\n");
  }

  @Test
  void emptyBodyLeavesEmptyBlock() {
    String once = block.replace("a\n", "body\n");
    assertThat(block.replace(once, ""))
        .isEqualTo("a\n# BEGIN lui managed block\n# END lui managed block\n");
  }

  @Test
  void keepsIndentedAndCrlfMarkerLinesAsTheyWere() {
    String text = "  # BEGIN lui managed block\r\nold\r\n  # END lui managed block\r\nz\r\n";
    assertThat(block.replace(text, "new\n"))
        .isEqualTo("  # BEGIN lui managed block\r\nnew\n  # END lui managed block\r\nz\r\n");
  }

  @Test
  void extractIsEmptyWithoutBlock() {
    assertThat(block.extract("nothing here\n")).isEmpty();
  }

  @Test
  void rejectsBeginWithoutEnd() {
    assertThatThrownBy(() -> block.replace("a\n# BEGIN lui managed block\nb\n", "x"))
        .isInstanceOf(ManagedBlock.MalformedBlockException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("without '# END lui managed block'");
  }

  @Test
  void rejectsEndBeforeBegin() {
    String text = "# END lui managed block\n# BEGIN lui managed block\n";
    assertThatThrownBy(() -> block.replace(text, "x"))
        .isInstanceOfSatisfying(
            ManagedBlock.MalformedBlockException.class, e -> assertThat(e.line()).isEqualTo(1));
  }

  @Test
  void rejectsSecondBlock() {
    String one = "# BEGIN lui managed block\n# END lui managed block\n";
    assertThatThrownBy(() -> block.replace(one + one, "x"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("second");
  }

  @Test
  void rejectsBodyContainingMarker() {
    assertThatThrownBy(() -> block.replace("", "a\n# END lui managed block\nb\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be a managed-block marker");
  }

  @Test
  void supportsCustomMarkers() {
    ManagedBlock semi = new ManagedBlock("; BEGIN lui", "; END lui");
    assertThat(semi.replace("x\n", "y\n")).isEqualTo("x\n; BEGIN lui\ny\n; END lui\n");
    assertThatThrownBy(() -> new ManagedBlock("same", "same")).hasMessageContaining("must differ");
  }
}
