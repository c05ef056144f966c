package dev.lui.tests.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver (named explicitly, so Selenium
 * Manager never downloads a driver or a browser). Both are found through {@link RealTools}: the
 * test is skipped where they are missing, and fails then in CI.
 */
final class Browser implements AutoCloseable {
  static final Path SHOTS = Path.of("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  private final ChromeDriverService service;

  Browser(Path profile) {
    Path chromium = RealTools.program("chromium");
    Path chromedriver = RealTools.program("chromedriver");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // as root (CI) chromium refuses to start with its sandbox
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    driver = new ChromeDriver(service, options);
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** Waits until {@code css} matches an element whose {@code attribute} contains {@code text}. */
  void waitFor(String css, String attribute, String text) {
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> css + " " + attribute + " to contain '" + text + "'")
        .until(
            d -> {
              var found = d.findElements(By.cssSelector(css));
              if (found.isEmpty()) {
                return false;
              }
              String value =
                  attribute.equals("text")
                      ? found.get(0).getText()
                      : found.get(0).getDomAttribute(attribute);
              return value != null && value.contains(text);
            });
  }

  void signIn(String base, String token) {
    open(base + "/ui/");
    assertThat(driver.getCurrentUrl()).endsWith("/ui/sign-in");
    find("#token").sendKeys(token);
    find("#sign-in").click();
    new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().endsWith("/ui/"));
  }

  /** Marks this document: the mark survives only if the page is never reloaded. */
  void markDocument() {
    driver.executeScript("window.luiNoReload = 'still the same page';");
  }

  boolean sameDocument() {
    return "still the same page".equals(driver.executeScript("return window.luiNoReload;"));
  }

  /**
   * Saves a screenshot as target/screenshots/NAME.png and checks it shows something: a PNG that
   * decodes, with more than one colour.
   */
  Path screenshot(String name) throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(SHOTS);
    Path file = Files.write(SHOTS.resolve(name + ".png"), png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).as("screenshot %s decodes as PNG", file).isNotNull();
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight() && colours.size() < 2; y += 3) {
      for (int x = 0; x < image.getWidth() && colours.size() < 2; x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours)
        .as("colours in screenshot %s (a blank page has one)", file)
        .hasSizeGreaterThan(1);
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
