package dev.lui.tests.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tests.LiveServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator of tests/bench/agents-load.sh at a small scale: 100 agents at once against a
 * real server, every log line stored exactly once, nothing refused. Times are printed, not
 * asserted.
 */
@Tag("slow")
class AgentsLoadTest {
  @TempDir Path tmp;

  @Test
  void aHundredAgentsAtOnceLoseAndDuplicateNoLine() throws Exception {
    try (LiveServer live = new LiveServer(tmp.resolve("state"))) {
      AgentsLoad.Result r =
          AgentsLoad.run(
              new AgentsLoad.Options(
                  live.state,
                  URI.create(live.server.nodeUrl()),
                  100,
                  500,
                  4L << 20,
                  Duration.ofMillis(2),
                  OptionalLong.empty(),
                  AgentsLoad.Mode.ALL));
      System.out.print(r.report());
      assertThat(r.firstErrors()).as(r.report()).isEmpty();
      assertThat(r.errors()).as(r.report()).isZero();
      assertThat(r.lostLines()).as(r.report()).isZero();
      assertThat(r.duplicatedLines()).as(r.report()).isZero();
      assertThat(r.verified()).as(r.report()).isEqualTo(100);
    }
  }
}
