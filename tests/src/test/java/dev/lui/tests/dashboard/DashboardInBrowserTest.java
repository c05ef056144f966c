package dev.lui.tests.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tests.LiveServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard (#16) in a real browser against a live server: agents post their real events over
 * the node listener with their own tokens, and the pages follow without a reload.
 */
@Tag("slow")
class DashboardInBrowserTest {
  @TempDir Path tmp;
  LiveServer lui;
  Agents agents;
  Browser browser;
  String base;

  @BeforeEach
  void start() throws Exception {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    Agents.define(lui, tmp, 24);
    agents = new Agents(lui);
    base = lui.server.adminUrl();
    browser = new Browser(tmp.resolve("profile"));
  }

  @AfterEach
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      lui.close();
    }
  }

  @Test
  void nodesMoveFromArmedThroughInstallingToInstalledWithoutAReload() throws Exception {
    browser.signIn(base, lui.adminToken());
    assertThat(browser.find("#n-n01").getDomAttribute("class")).isEqualTo("s-defined");
    assertThat(browser.find("#count-defined").getText()).isEqualTo("24");
    browser.markDocument();

    agents.fetchPlan("n01");
    agents.fetchPlan("n02");
    browser.waitFor("#n-n01", "class", "s-installing");
    browser.waitFor("#count-installing", "text", "2");
    agents.step("n01", "partition", "sfdisk done", "");
    agents.finish("n01", "");
    browser.waitFor("#n-n01", "class", "s-installed");
    browser.waitFor("#count-installed", "text", "1");
    assertThat(browser.find("#n-n02").getDomAttribute("class")).isEqualTo("s-installing");
    agents.fetchPlan("n05");
    agents.step("n05", "partition", "sfdisk: /dev/sda: no such device", "no disk");
    agents.finish("n05", "partition failed");
    browser.waitFor("#n-n05", "class", "s-failed");
    assertThat(browser.find("#count-defined").getText()).isEqualTo("21");
    assertThat(browser.sameDocument()).as("the cluster page was never reloaded").isTrue();
    browser.screenshot("cluster");

    // The node page: its timeline and log follow the agent's events.
    browser.open(base + "/ui/node/n02");
    browser.waitFor("#node-state", "text", "installing");
    browser.markDocument();
    agents.step("n02", "partition", "sfdisk: created 2 partitions", "");
    browser.waitFor("#log", "text", "sfdisk: created 2 partitions");
    browser.waitFor("#timeline", "text", "partition");
    agents.step("n02", "payloads", "unpacked system.tar.gz", "");
    agents.finish("n02", "");
    browser.waitFor("#node-state", "text", "installed");
    browser.waitFor("#timeline", "text", "payloads");
    browser.waitFor("#timeline .k-installed", "text", "installed");
    assertThat(browser.sameDocument()).as("the node page was never reloaded").isTrue();
    browser.screenshot("node");
  }

  @Test
  void aFailedNodeShowsItsReason() throws Exception {
    browser.signIn(base, lui.adminToken());
    agents.fetchPlan("n03");
    agents.step(
        "n03", "partition", "sfdisk: /dev/sda: no such device", "no disk matches path=/dev/sda");
    agents.finish("n03", "partition failed");
    browser.waitFor("#n-n03", "class", "s-failed");
    browser.waitFor("#n-n03", "title", "no disk matches path=/dev/sda");
    browser.waitFor("#count-failed", "text", "1");

    browser.open(base + "/ui/node/n03");
    assertThat(browser.find("#node-detail").getText()).contains("no disk matches path=/dev/sda");
    assertThat(browser.find("#timeline").getText()).contains("no disk matches path=/dev/sda");

    browser.open(base + "/ui/report");
    WebElement first = browser.find("#report tbody tr");
    assertThat(first.getText()).as("failed nodes come first").startsWith("n03");
    assertThat(first.getText()).contains("sfdisk: /dev/sda: no such device");
    browser.screenshot("report");
  }

  @Test
  void aLogWithScriptAndAnsiSequencesShowsThemAsText() throws Exception {
    String hostile =
        "<script>window.luiPwned=1</script>\u001b[31mred\u001b[0m <b>bold</b> <img src=x onerror=window.luiPwned=2>";
    browser.signIn(base, lui.adminToken());
    agents.fetchPlan("n01");
    browser.open(base + "/ui/node/n01");
    agents.step("n01", "partition", hostile, "");
    // Live: the line arrives through the event stream.
    browser.waitFor("#log", "text", "<script>window.luiPwned=1</script>");
    // And rendered by the server on a fresh load.
    browser.open(base + "/ui/node/n01");
    for (int pass = 0; pass < 2; pass++) {
      String log = browser.find("#log").getText();
      assertThat(log)
          .contains("<script>window.luiPwned=1</script>")
          .contains("\\x1b[31mred\\x1b[0m")
          .contains("<b>bold</b>")
          .doesNotContain("\u001b");
      assertThat(browser.driver.findElements(By.cssSelector("#log script, #log b, #log img")))
          .isEmpty();
      assertThat(browser.driver.executeScript("return window.luiPwned === undefined;"))
          .isEqualTo(true);
      if (pass == 0) {
        browser.screenshot("escaped-log");
        browser.open(base + "/ui/node/n01?q=" + java.net.URLEncoder.encode("<script>", "UTF-8"));
      }
    }
  }

  @Test
  void bootFileTransfersAppearAsTheyEnd() throws Exception {
    browser.signIn(base, lui.adminToken());
    browser.open(base + "/ui/transfers");
    browser.markDocument();
    java.net.http.HttpResponse<Void> missing =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(lui.server.nodeUrl() + "/lui/no-such-kernel"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(missing.statusCode()).isEqualTo(404);
    browser.waitFor("#transfer-rows", "text", "lui/no-such-kernel");
    assertThat(browser.find("#transfer-rows tr").getText()).contains("not_found");
    assertThat(browser.find("#transfer-rows tr").getDomAttribute("class")).isEqualTo("failed");
    assertThat(browser.sameDocument()).as("the transfers page was never reloaded").isTrue();
    browser.screenshot("transfers");
  }

  @Test
  void signingOutLocksEveryPage() throws Exception {
    browser.signIn(base, lui.adminToken());
    browser.find("#sign-out").click();
    browser.waitFor("#sign-in", "type", "submit");
    for (String page : List.of("/ui/", "/ui/node/n01", "/ui/report", "/ui/transfers")) {
      browser.open(base + page);
      assertThat(browser.driver.getCurrentUrl()).as(page).endsWith("/ui/sign-in");
    }
    browser.find("#token").sendKeys("not-the-token");
    browser.find("#sign-in").click();
    browser.waitFor("#message", "text", "wrong admin token");
    browser.screenshot("sign-in");
  }
}
