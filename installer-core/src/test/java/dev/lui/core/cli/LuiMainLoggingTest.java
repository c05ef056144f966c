package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LuiMainLoggingTest {
  private String saved;

  @BeforeEach
  void save() {
    saved = System.clearProperty(LuiMain.LOG_LEVEL);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(LuiMain.LOG_LEVEL);
    } else {
      System.setProperty(LuiMain.LOG_LEVEL, saved);
    }
  }

  @Test
  void clientCommandsLogOnlyWarningsBecauseTheyPrintTheirOwnResults() {
    assertThat(
            LuiMain.quietUnlessDaemon(
                new String[] {"boot-files", "setup", "--tftp-root", "/x"}, false))
        .isTrue();
    // logback.xml reads it (a system property before the environment) when logging starts
    assertThat(System.getProperty(LuiMain.LOG_LEVEL)).isEqualTo("WARN");
  }

  @Test
  void theDaemonsDebugAndAnExplicitLevelKeepTheirLogs() {
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"server", "--state", "/x"}, false))
        .isFalse();
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"tftp", "--root", "/x"}, false)).isFalse();
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"list-nodes", "--debug"}, false)).isFalse();
    assertThat(LuiMain.quietUnlessDaemon(new String[] {"list-nodes"}, true)).isFalse();
    assertThat(System.getProperty(LuiMain.LOG_LEVEL)).isNull();
  }

  @Test
  void logbackXmlTakesTheLevelQuietUnlessDaemonSets() throws Exception {
    LuiMain.quietUnlessDaemon(new String[] {"list-nodes"}, false);
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LuiMain.class.getResource("/logback.xml"));
    assertThat(context.getLogger("dev.lui").getEffectiveLevel()).isEqualTo(Level.WARN);
  }
}
