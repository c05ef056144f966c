package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.value.InvalidValueException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's one handler turns a leaf's refusal no call site translated into invalid input. */
class LeafErrorExitTest {
  @CommandLine.Command(name = "refuse")
  static final class Refuse implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new InvalidValueException("nfsRoot", "/r", "server:/path", "nfsRoot \"/r\" is bad");
    }
  }

  @Test
  void exitsWithTheInputCodeAndTheLeafsMessageOnOneLine() {
    CommandLine cli = LuiMain.commandLine();
    cli.addSubcommand(new Refuse());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("refuse");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("lui: nfsRoot \"/r\" is bad" + System.lineSeparator());
  }
}
