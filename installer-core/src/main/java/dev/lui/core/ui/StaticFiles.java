package dev.lui.core.ui;

import dev.lui.core.LuiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The dashboard's two vendored files (no build step), read once from the jar; nothing else. */
record StaticFiles(Map<String, byte[]> files) {
  private static final Map<String, String> TYPES =
      Map.of("dash.js", "text/javascript; charset=utf-8", "dash.css", "text/css; charset=utf-8");

  static StaticFiles load() {
    Map<String, byte[]> files = new java.util.HashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = StaticFiles.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks dev/lui/core/ui/" + name);
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new StaticFiles(Map.copyOf(files));
  }

  void serve(Context ctx) {
    String name = ctx.pathParam("file");
    byte[] body = files.get(name);
    if (body == null) {
      throw LuiException.notFound("dashboard file", LuiException.printable(name));
    }
    ctx.header("Cache-Control", "max-age=300");
    ctx.contentType(TYPES.get(name)).result(body);
  }
}
