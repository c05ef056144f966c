package dev.lui.core.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL path segments from user input, encoded so a name can never change the path. */
final class Paths {
  private Paths() {}

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
