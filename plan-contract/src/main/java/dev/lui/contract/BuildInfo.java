package dev.lui.contract;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which lui this is: the version and the git commit it was built from, read from the {@code
 * build.properties} the build writes. The server and the agent compare theirs through the {@link
 * AgentApi#VERSION_HEADER} of a plan fetch.
 *
 * @param version the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the abbreviated commit, {@code -dirty} when built with uncommitted changes, or
 *     {@code unknown} when built outside git
 */
public record BuildInfo(String version, String commit) {
  static final String UNKNOWN = "unknown";
  private static final BuildInfo CURRENT = read();

  /** This build's version and commit; {@code unknown} for what the build could not tell. */
  public static BuildInfo current() {
    return CURRENT;
  }

  /** How versions are shown everywhere: {@code 0.1.0 (commit 0123456789ab)}. */
  @Override
  public String toString() {
    return version + " (commit " + commit + ")";
  }

  static BuildInfo from(Properties p) {
    return new BuildInfo(value(p, "version"), value(p, "commit"));
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    return v.isEmpty() ? UNKNOWN : v;
  }

  private static BuildInfo read() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource tells as much as a missing one: unknown
    }
    return from(p);
  }
}
