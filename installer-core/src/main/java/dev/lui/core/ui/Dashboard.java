package dev.lui.core.ui;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.report.BatchReport;
import dev.lui.core.store.Store;
import dev.lui.core.timeline.Timeline;
import dev.lui.core.timeline.Timelines;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard at {@code /ui/} on the admin listener (docs/dashboard.md): its routes, and the
 * checks every one of them passes first (security headers; a live session, else the sign-in page;
 * for anything but a GET, the session's CSRF token and a same-origin request). Pages are
 * server-rendered HTML; the one script follows server-sent events.
 */
public final class Dashboard {
  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  static final String SESSION_COOKIE = "lui_session";
  static final String FORM_COOKIE = "lui_signin";
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Set<String> OPEN = Set.of("/ui/sign-in", "/ui/static/dash.css");

  private final Store store;
  private final LiveUpdates live;
  private final Sessions sessions;
  private final Timelines timelines;
  private final StaticFiles files = StaticFiles.load();

  public Dashboard(Store store, LiveUpdates live, Sessions sessions, Timelines timelines) {
    this.store = store;
    this.live = live;
    this.sessions = sessions;
    this.timelines = timelines;
  }

  /**
   * The server's dashboard over {@code store} (written through {@code live}'s observed store), with
   * the admin token for sign-in; starts the hub's updates.
   */
  public static Dashboard of(Store store, LiveUpdates live, String adminToken) {
    return new Dashboard(
        store,
        live.start(),
        new Sessions(adminToken, java.time.Clock.systemUTC()),
        new Timelines(store));
  }

  /** Registers the routes on the admin listener; {@code tls}: cookies are Secure. */
  public void register(Javalin app, boolean tls) {
    Cookies cookies = new Cookies(tls);
    // Open event streams end before the listener stops (it would wait for them).
    app.events(e -> e.serverStopping(live::close));
    app.before(ctx -> guard(ctx, cookies));
    app.get("/ui/static/{file}", files::serve);
    app.get(
        "/ui/sign-in",
        ctx -> {
          String form = sessions.newSignInForm();
          cookies.form(ctx, form);
          ctx.html(Layout.signIn(form, ""));
        });
    app.post("/ui/sign-in", ctx -> signIn(ctx, cookies));
    app.post(
        "/ui/sign-out",
        ctx -> {
          sessions.signOut(session(ctx));
          cookies.clearSession(ctx);
          ctx.redirect("/ui/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
        });
    app.get("/ui/", this::cluster); // also /ui: Javalin ignores trailing slashes
    app.sse(
        "/ui/events",
        client -> follow(client, s -> live.subscribeCluster(s, longParam(client.ctx(), "since"))));
    app.get("/ui/node/{node}", this::nodePage);
    app.get(
        "/ui/node/{node}/timeline", ctx -> ctx.html(NodePage.timeline(timeline(ctx, node(ctx)))));
    app.sse(
        "/ui/node/{node}/events",
        client -> {
          Context ctx = client.ctx();
          Subscriber.Topic topic =
              new Subscriber.NodeTopic(
                  node(ctx).name(),
                  longParam(ctx, "after"),
                  ReportPage.nonEmpty(ctx.queryParam("run")));
          follow(client, s -> live.subscribe(s, topic));
        });
    app.get("/ui/report", this::report);
    app.get(
        "/ui/report.csv",
        ctx -> {
          ctx.header("Content-Disposition", "attachment; filename=\"lui-report.csv\"");
          ctx.contentType("text/csv; charset=utf-8").result(ReportPage.csv(reportOf(ctx)));
        });
    app.get(
        "/ui/report.json",
        ctx -> {
          ctx.header("Content-Disposition", "attachment; filename=\"lui-report.json\"");
          ctx.json(reportOf(ctx));
        });
    app.get(
        "/ui/transfers",
        ctx ->
            ctx.html(
                TransfersPage.render(session(ctx), store.transfers(LiveUpdates.TRANSFERS_SHOWN))));
    app.sse(
        "/ui/transfers/events",
        client -> follow(client, s -> live.subscribe(s, new Subscriber.TransfersTopic())));
  }

  /** Runs before every request on the listener; acts on the dashboard's paths only. */
  private void guard(Context ctx, Cookies cookies) {
    String path = ctx.path();
    if (!path.equals("/ui") && !path.startsWith("/ui/")) {
      return;
    }
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    boolean read = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
    if (!read && !sameOrigin(ctx)) {
      refuse(ctx, 403, "refused: a form of another site");
      return;
    }
    if (OPEN.contains(path)) {
      return;
    }
    Optional<Sessions.Session> session = sessions.find(cookie(ctx, SESSION_COOKIE));
    if (session.isEmpty()) {
      if (read && !path.endsWith("/events")) {
        ctx.redirect("/ui/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
      } else {
        refuse(ctx, read ? 401 : 403, "refused: not signed in");
      }
      return;
    }
    if (!read) {
      String given = Optional.ofNullable(ctx.formParam("csrf")).orElse("");
      if (!Sessions.csrfMatches(session.get(), given)) {
        LOG.warn("dashboard: {} {} refused, wrong CSRF token", ctx.method(), path);
        refuse(ctx, 403, "refused: wrong or missing CSRF token (load the page again)");
        return;
      }
    }
    ctx.attribute("session", session.get());
  }

  private static void refuse(Context ctx, int status, String message) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(message + "\n");
    ctx.skipRemainingHandlers();
  }

  /** An Origin or Referer, when the browser sends one, must be this listener's own. */
  private static boolean sameOrigin(Context ctx) {
    String self = ctx.scheme() + "://" + ctx.host();
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals("null")) {
      return origin.equals(self);
    }
    String referer = ctx.header("Referer");
    return referer == null || referer.equals(self) || referer.startsWith(self + "/");
  }

  private void signIn(Context ctx, Cookies cookies) {
    try {
      Sessions.Session s =
          sessions.signIn(
              cookie(ctx, FORM_COOKIE),
              Optional.ofNullable(ctx.formParam("form")).orElse(""),
              Optional.ofNullable(ctx.formParam("token")).orElse(""));
      cookies.session(ctx, s.id());
      LOG.info("dashboard: signed in from {}", ctx.ip());
      ctx.redirect("/ui/", io.javalin.http.HttpStatus.SEE_OTHER);
    } catch (LuiException e) {
      LOG.warn("dashboard: sign-in from {} refused: {}", ctx.ip(), e.getMessage());
      String form = sessions.newSignInForm();
      cookies.form(ctx, form);
      ctx.status(e.kind().httpStatus()).html(Layout.signIn(form, e.getMessage()));
    }
  }

  private void cluster(Context ctx) {
    long version = live.version(); // before the read: what changes after is sent as a snapshot
    ClusterPage.Filter filter = ClusterPage.Filter.of(ctx::queryParam);
    List<Node> nodes;
    String problem = "";
    try {
      nodes = filter.select(store);
    } catch (LuiException e) {
      nodes = List.of();
      problem = e.getMessage();
      ctx.status(e.kind().httpStatus());
    }
    ctx.html(
        ClusterPage.render(
            session(ctx), filter, nodes, store.groups(), store.networks(), version, problem));
  }

  private void nodePage(Context ctx) {
    Node node;
    Timeline timeline;
    try {
      node = node(ctx);
      timeline = timeline(ctx, node);
    } catch (LuiException e) {
      ctx.status(e.kind().httpStatus()).html(Layout.problem(session(ctx), e.getMessage()));
      return;
    }
    String search = Optional.ofNullable(ctx.queryParam("q")).orElse("").trim();
    NodePage.Log log = NodePage.log(store, node.name(), timeline.run(), search);
    ctx.html(NodePage.render(session(ctx), node, timeline, log, search));
  }

  private void report(Context ctx) {
    String problem = "";
    BatchReport.Result result;
    try {
      result = reportOf(ctx);
    } catch (LuiException e) {
      result = new BatchReport.Result(List.of(), List.of());
      problem = e.getMessage();
      ctx.status(e.kind().httpStatus());
    }
    ctx.html(
        ReportPage.render(
            session(ctx),
            result,
            Optional.ofNullable(ctx.queryParam("nodes")).orElse("").trim(),
            ReportPage.Column.of(Optional.ofNullable(ctx.queryParam("sort")).orElse("")),
            "desc".equals(ctx.queryParam("dir")),
            problem));
  }

  private BatchReport.Result reportOf(Context ctx) {
    ClusterPage.Filter filter =
        new ClusterPage.Filter(
            "", "", "", Optional.ofNullable(ctx.queryParam("nodes")).orElse("").trim());
    return BatchReport.of(store, filter.select(store));
  }

  private Node node(Context ctx) {
    String name = ctx.pathParam("node");
    return store
        .node(name)
        .orElseThrow(() -> LuiException.notFound("node", LuiException.printable(name)));
  }

  private Timeline timeline(Context ctx, Node node) {
    Optional<String> run = ReportPage.nonEmpty(ctx.queryParam("run"));
    return timelines
        .of(node.name(), run)
        .orElseThrow(() -> LuiException.notFound("node", node.name()));
  }

  /** Keeps the SSE connection open, subscribed until the browser goes. */
  private void follow(
      SseClient client, java.util.function.Function<Subscriber.Sink, Subscriber> to) {
    client.keepAlive();
    Subscriber s =
        to.apply(
            new Subscriber.Sink() {
              @Override
              public void send(String event, String data) {
                if (client.terminated()) {
                  throw new IllegalStateException("the browser went away");
                }
                client.sendEvent(event, data);
              }

              @Override
              public void comment() {
                client.sendComment("keep-alive");
              }

              @Override
              public void close() {
                client.close();
              }
            });
    client.onClose(
        () -> {
          s.close();
          live.unsubscribe(s);
        });
  }

  private static Sessions.Session session(Context ctx) {
    Sessions.Session s = ctx.attribute("session");
    if (s == null) {
      throw new LuiException(ErrorKind.UNAUTHORIZED, "not signed in");
    }
    return s;
  }

  private static String cookie(Context ctx, String name) {
    return Optional.ofNullable(ctx.cookie(name)).orElse("");
  }

  private static long longParam(Context ctx, String name) {
    try {
      return Long.parseLong(Optional.ofNullable(ctx.queryParam(name)).orElse("0"));
    } catch (NumberFormatException e) {
      throw LuiException.invalid(name, ctx.queryParam(name), "a whole number");
    }
  }
}
