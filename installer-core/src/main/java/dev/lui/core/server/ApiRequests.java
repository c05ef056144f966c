package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.domain.NodeSet;
import io.javalin.http.Context;

/** Query parameters and bodies of API requests, read strictly. */
final class ApiRequests {
  private ApiRequests() {}

  /** {@code ?yes=true}: the admin confirmed a change that alters armed nodes' plans. */
  static boolean confirmed(Context ctx) {
    return flag(ctx, "yes");
  }

  static boolean flag(Context ctx, String param) {
    String text = ctx.queryParam(param);
    if (text == null || text.equals("false") || text.equals("0")) {
      return false;
    }
    if (text.equals("true") || text.equals("1")) {
      return true;
    }
    throw LuiException.invalid(param, text, "true or false");
  }

  static long number(Context ctx, String param, long fallback) {
    String text = ctx.queryParam(param);
    if (text == null) {
      return fallback;
    }
    if (text.matches(
        "[0-9]{1,18}")) { // ASCII digits only: Long.parseLong also reads other scripts'
      return Long.parseLong(text);
    }
    throw LuiException.invalid(param, text, "a whole number, 0 or more");
  }

  /**
   * The node set of {@code ?nodes=EXPR} (repeatable; each a name, range, {@code @group} or a
   * comma-separated union of them) and {@code ?state=STATE}; neither: every node.
   */
  static NodeSet nodeSet(Context ctx) {
    return NodeSet.parse(
        "nodes", ctx.queryParams("nodes"), java.util.Optional.ofNullable(ctx.queryParam("state")));
  }

  /**
   * Bodies are decoded by {@link RequestBodies}: bounded, strict, a 4xx that says what is wrong.
   */
  static <T> T read(Context ctx, Class<T> type) {
    return read(ctx, type, RequestBodies.DEFAULT_LIMIT);
  }

  static <T> T read(Context ctx, Class<T> type, long limit) {
    return RequestBodies.json(ctx, type, limit);
  }
}
