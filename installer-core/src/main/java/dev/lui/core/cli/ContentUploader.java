package dev.lui.core.cli;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.ResourceType;
import dev.lui.core.domain.Sha256;
import dev.lui.core.inventory.PackageList;
import dev.lui.core.inventory.ResourceSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Turns a resource as the admin gives it (files on this machine) into the API's {@link
 * ResourceSpec} (content references), uploading each file the server does not have yet. Every file
 * is checked readable before anything is sent; each is hashed here (streamed), asked for ({@code
 * HEAD /api/v1/content/SHA256}) and, if missing, uploaded streamed from the file ({@code PUT}),
 * which the server checks against the digest. Large or slow files show progress on stderr.
 */
final class ContentUploader {
  private static final int BUFFER = 1 << 20;

  private final ApiClient api;
  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanos;

  /** Per digest: whether this run uploaded it (else the server had it). */
  private final Map<String, Boolean> uploaded = new LinkedHashMap<>();

  ContentUploader(ApiClient api, PrintWriter err, boolean terminal, LongSupplier nanos) {
    this.api = api;
    this.err = err;
    this.terminal = terminal;
    this.nanos = nanos;
  }

  /** Whether this run uploaded the content (false: the server had it already). */
  boolean uploaded(String sha256) {
    return uploaded.getOrDefault(sha256, false);
  }

  ResourceSpec resolve(LocalResourceSpec local) {
    ResourceType type = ResourceType.parse("--type", local.type());
    boolean list = type == ResourceType.RPM_LIST || type == ResourceType.DEB_LIST;
    // Everything is checked before the first byte is sent.
    local.source().ifPresent(f -> check("--source", f));
    local.initrd().ifPresent(f -> check("--initrd", f));
    List<LocalFile> packages =
        list && local.source().isPresent() ? packagesOf(local.source().get()) : List.of();
    Optional<Blob> source = local.source().map(this::upload);
    Optional<Blob> initrd = local.initrd().map(this::upload);
    List<Blob> packageBlobs = new ArrayList<>();
    packages.forEach(p -> packageBlobs.add(upload(p)));
    return new ResourceSpec(
        local.name(),
        local.type(),
        source,
        local.target(),
        local.mode(),
        local.owner(),
        local.directory(),
        initrd,
        local.version(),
        packageBlobs,
        local.specialBits() ? Optional.of(true) : Optional.empty());
  }

  /** A regular file this user can read, or a one-line error naming it. */
  static void check(String field, LocalFile f) {
    Path p = f.path();
    if (Files.isDirectory(p)) {
      throw LuiException.invalid(field, f.name(), "is a directory; give a file");
    }
    if (!Files.exists(p)) {
      throw LuiException.invalid(field, f.name(), "no such file");
    }
    if (!Files.isRegularFile(p)) {
      throw LuiException.invalid(field, f.name(), "not a regular file");
    }
    try (InputStream in = Files.newInputStream(p)) {
      // opened: readable
    } catch (AccessDeniedException e) {
      throw LuiException.invalid(field, f.name(), "cannot read this file (permission denied)");
    } catch (IOException e) {
      throw LuiException.invalid(field, f.name(), "cannot read this file: " + e.getMessage());
    }
  }

  /** The files a package list names, one per line, relative to the list; each checked. */
  private static List<LocalFile> packagesOf(LocalFile list) {
    String text;
    try {
      byte[] bytes = Files.readAllBytes(list.path());
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw LuiException.invalid(
          "--source", list.name(), "not UTF-8 text: a package list names one file per line");
    } catch (IOException e) {
      throw LuiException.invalid(
          "--source", list.name(), "cannot read this file: " + e.getMessage());
    }
    Path dir = list.path().getParent();
    List<LocalFile> out = new ArrayList<>();
    for (PackageList.Line line : PackageList.parse(text)) {
      LocalFile f = new LocalFile(dir.resolve(line.file()).normalize(), line.file());
      check(list.name() + " line " + line.number() + " (relative to " + dir + ")", f);
      out.add(f);
    }
    return out;
  }

  /** The file's content reference, uploaded unless the server has it. */
  Blob upload(LocalFile f) {
    long size;
    try {
      size = Files.size(f.path());
    } catch (IOException e) {
      throw LuiException.invalid("file", f.name(), "cannot read this file: " + e.getMessage());
    }
    Sha256 sha = hash(f, size);
    Blob blob = new Blob(f.name(), sha.hex(), size);
    String path = "/api/v1/content/" + sha.hex();
    if (uploaded.containsKey(sha.hex()) || api.exists(path)) {
      uploaded.putIfAbsent(sha.hex(), false);
      return blob;
    }
    Progress progress = progress("uploading", "uploaded", f.name(), size);
    HttpRequest.BodyPublisher body;
    try {
      body = new Counting(HttpRequest.BodyPublishers.ofFile(f.path()), progress::update);
    } catch (FileNotFoundException e) {
      throw LuiException.invalid("file", f.name(), "no such file (it went away while lui read it)");
    }
    api.upload(path, body);
    progress.finish();
    uploaded.put(sha.hex(), true);
    return blob;
  }

  private Sha256 hash(LocalFile f, long size) {
    MessageDigest md = Sha256.digester();
    Progress progress = progress("hashing", "hashed", f.name(), size);
    byte[] buf = new byte[BUFFER];
    long done = 0;
    try (InputStream in = Files.newInputStream(f.path())) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
        done += n;
        progress.update(done);
      }
    } catch (NoSuchFileException e) {
      throw LuiException.invalid("file", f.name(), "no such file (it went away while lui read it)");
    } catch (IOException e) {
      throw LuiException.invalid("file", f.name(), "cannot read this file: " + e.getMessage());
    }
    progress.finish();
    return Sha256.of(md);
  }

  private Progress progress(String doing, String done, String name, long size) {
    return new Progress(err, terminal, nanos, doing, done, name, size);
  }

  /** A body publisher that reports how many bytes it has handed to the HTTP client. */
  private static final class Counting implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher inner;
    private final LongConsumer progress;

    Counting(HttpRequest.BodyPublisher inner, LongConsumer progress) {
      this.inner = inner;
      this.progress = progress;
    }

    @Override
    public long contentLength() {
      return inner.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      inner.subscribe(
          new Flow.Subscriber<ByteBuffer>() {
            private long sent;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
              subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
              sent += item.remaining();
              progress.accept(sent);
              subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
              subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
              subscriber.onComplete();
            }
          });
    }
  }
}
