package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LuiMainLoggingTest {
  private final Logger lui = (Logger) LoggerFactory.getLogger("dev.lui");
  private Level saved;

  @BeforeEach
  void save() {
    saved = lui.getLevel();
  }

  @AfterEach
  void restore() {
    lui.setLevel(saved);
  }

  @Test
  void clientCommandsLogOnlyWarningsBecauseTheyPrintTheirOwnResults() {
    assertThat(
            LuiMain.quietUnlessDaemon(
                new String[] {"boot-files", "setup", "--tftp-root", "/x"}, false))
        .isTrue();
    assertThat(lui.getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void theDaemonsDebugAndAnExplicitLevelKeepTheirLogs() {
    lui.setLevel(Level.INFO);
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"server", "--state", "/x"}, false))
        .isFalse();
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"tftp", "--root", "/x"}, false)).isFalse();
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"list-nodes", "--debug"}, false)).isFalse();
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"list-nodes"}, true)).isFalse();
    assertThat(lui.getLevel()).isEqualTo(Level.INFO);
  }
}
