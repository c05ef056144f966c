package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lui demo` is the README's first command: it must run the whole path and say so. */
class DemoTest {
  @TempDir Path tmp;

  @Test
  void theDryRunDemoIsARehearsalThatChangesNothing() {
    LiveServer.Result r = LiveServer.raw("demo", "--state", tmp.resolve("demo").toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("== 1. Start a server")
        .contains("host demo01")
        .contains("fetched pxelinux.cfg/01-52-54-00-77-00-c7")
        .contains("fetched lui/vmlinuz: 4194304 bytes")
        .contains("[rehearsal] rehearsal SUCCEEDED")
        .contains("dhcpd.conf still has a host entry for demo01")
        .contains("fetched pxelinux.cfg/01-52-54-00-77-00-c7", "ready to install")
        .contains("0 succeeded, 0 failed");
  }

  @Test
  @Tag("slow")
  void theRealDiskDemoInstallsIntoALoopDevice() {
    RealTools.rootAnd("sfdisk", "losetup");
    LiveServer.Result r =
        LiveServer.raw("demo", "--real-disk", "--state", tmp.resolve("demo").toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("attached")
        .contains("install SUCCEEDED")
        .contains("dhcpd.conf no longer has a host entry for demo01");
  }
}
