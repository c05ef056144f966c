package dev.lui.core.store;

import dev.lui.core.LuiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a PostgreSQL store is: {@code postgresql://USER@HOST[:PORT]/DATABASE}, and the file that
 * holds the user's password, if any. The password is never in the URL (it would show in {@code ps},
 * in logs and in the settings file); without a file, the driver looks in {@code PGPASSFILE} or
 * {@code ~/.pgpass}, as psql does.
 */
public record PostgresTarget(
    String user, String host, int port, String database, Optional<Path> passwordFile) {
  public static final int DEFAULT_PORT = 5432;
  private static final String FORM = "postgresql://USER@HOST:PORT/DATABASE";

  /** The store URL in {@code field} (a flag or setting name, for its error). */
  public static PostgresTarget parse(String field, String text, Optional<Path> passwordFile) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw LuiException.invalid(field, text, "not a URL: write " + FORM);
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw LuiException.invalid(field, text, "the store is " + FORM + " (or unset: SQLite)");
    }
    String userInfo = Optional.ofNullable(uri.getRawUserInfo()).orElse("");
    if (userInfo.contains(":")) {
      // Not echoed: the value holds a password.
      throw LuiException.invalid(
          field
              + " has a password in its URL: it would show in ps and logs; put it in a file"
              + " named by --store-password-file (or in ~/.pgpass) and write "
              + FORM);
    }
    String database = Optional.ofNullable(uri.getPath()).orElse("").replaceFirst("^/", "");
    if (userInfo.isEmpty()
        || uri.getHost() == null
        || database.isEmpty()
        || database.contains("/")
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw LuiException.invalid(field, text, "write " + FORM + ", e.g. postgresql://lui@db1/lui");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    return new PostgresTarget(userInfo, uri.getHost(), port, database, passwordFile);
  }

  String jdbcUrl() {
    return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + database;
  }

  private String hostForUrl() {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The URL as written, without a password (there is none in it). */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + hostForUrl() + ":" + port + "/" + database;
  }
}
