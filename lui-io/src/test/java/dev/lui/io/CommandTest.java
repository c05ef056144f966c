package dev.lui.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {
  @Test
  void shellQuoteLeavesPlainWordsAlone() {
    assertThat(ShellQuote.join(List.of("mkfs.ext4", "-L", "my root", "/dev/sda1", "")))
        .isEqualTo("mkfs.ext4 -L 'my root' /dev/sda1 ''");
  }

  @Test
  void displaysAsALineAUserCouldPasteIntoAShell() {
    assertThat(Command.of("sh", "-c", "echo it's").display()).isEqualTo("sh -c 'echo it'\\''s'");
  }

  @Test
  void needsAProgram() {
    assertThatThrownBy(() -> Command.of(List.of()))
        .hasMessage("a command needs at least the program name");
  }
}
