package dev.lui.core.cli;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import dev.lui.nfsroot.image.Image;
import dev.lui.nfsroot.image.ImageBuilder;
import dev.lui.nfsroot.image.ImageException;
import dev.lui.nfsroot.image.ImageManifest;
import dev.lui.nfsroot.image.ImageSpec;
import dev.lui.nfsroot.image.ImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lui image}: the install environments nodes boot into, kept in STATE/images on the server
 * host. These commands work on the files directly (an image is gigabytes; it never goes through the
 * API), so they run on the server host, as root for a build.
 */
final class ImageCommands {
  private ImageCommands() {}

  @Command(
      name = "image",
      description = {
        "Manage install environments: the read-only root a node boots over NFS to run lui's agent.",
        "",
        "Images live in STATE/images/NAME/VERSION (root/, vmlinuz, initrd.img, image.json), with NAME/current naming the version 'lui server --image NAME' serves. These commands work on the files directly, so they run on the server host."
      },
      footer = {
        "",
        "Examples:",
        "  sudo lui image build bookworm --suite bookworm",
        "  lui image list"
      },
      subcommands = {
        Build.class,
        Import.class,
        ListImages.class,
        Show.class,
        Verify.class,
        Remove.class
      })
  static final class Parent extends ParentCommand {}

  /** Where images are: --images, else STATE/images. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--state",
        paramLabel = "DIR",
        description =
            "The server's state directory (default /var/lib/lui); images are in STATE/images.")
    Optional<Path> state = Optional.empty();

    @Option(
        names = "--images",
        paramLabel = "DIR",
        description = "Images directory (default STATE/images).")
    Optional<Path> images = Optional.empty();

    Path imagesDir() {
      return images
          .orElseGet(() -> state.orElse(ServerConfig.DEFAULT_STATE).resolve("images"))
          .toAbsolutePath();
    }

    ImageStore store() {
      return new ImageStore(imagesDir());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
      try {
        run();
        return 0;
      } catch (ImageException.NotFound e) {
        throw new LuiException(dev.lui.core.ErrorKind.NOT_FOUND, e.getMessage(), e);
      } catch (ImageException.InUse e) {
        throw LuiException.conflict(e.getMessage());
      } catch (ImageException.Incomplete e) {
        throw LuiException.invalid(e.getMessage());
      } catch (ImageException.BuildFailed e) {
        PrintWriter err = spec.commandLine().getErr();
        e.lastLines().forEach(l -> err.println("  | " + l));
        throw LuiException.failed(e.getMessage(), e);
      } catch (InvalidValueException e) {
        throw LuiException.invalid(e);
      } catch (IOException e) {
        throw LuiException.failed(e.getMessage(), e);
      }
    }

    abstract void run() throws IOException;
  }

  @Command(
      name = "build",
      description = {
        "Build an install environment with mmdebstrap (as root; several minutes).",
        "",
        "It holds the agent's tools, a Java runtime, the agent and its systemd unit, a kernel and an initramfs that boots with its root on NFS (BOOT=nfs) under a tmpfs overlay, so the shared root is never written. An identical earlier build (same spec, agent and hooks) is reused instead of rebuilt."
      },
      footer = {"", "Example:", "  sudo lui image build bookworm --suite bookworm"})
  static final class Build extends Base {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "Image name: lower case, digits, '.', '_', '-'.")
    String name;

    @Option(
        names = "--distro",
        defaultValue = "debian",
        description = "Distribution (default ${DEFAULT-VALUE}; others: lui image import).")
    String distro;

    @Option(
        names = "--suite",
        defaultValue = "bookworm",
        description = "Release (default ${DEFAULT-VALUE}).")
    String suite;

    @Option(
        names = "--arch",
        defaultValue = "amd64",
        description = "Architecture (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(
        names = "--mirror",
        defaultValue = ImageSpec.DEFAULT_MIRROR,
        description = "Package mirror (default ${DEFAULT-VALUE}).")
    String mirror;

    @Option(
        names = "--package",
        paramLabel = "PKG",
        description = "Extra package to include (repeatable).")
    List<String> packages = new ArrayList<>();

    @Option(
        names = "--agent-jar",
        paramLabel = "FILE",
        description =
            "The agent to put in the image (default: LUI_HOME's node-agent/target/lui-agent.jar, else /usr/share/lui/lui-agent.jar).")
    Optional<Path> agentJar = Optional.empty();

    @Option(
        names = "--cache",
        paramLabel = "DIR",
        description =
            "Keep finished builds here and reuse them for an identical spec (CI machines, test runs).")
    Optional<Path> cache = Optional.empty();

    @Override
    void run() throws IOException {
      ImageSpec spec =
          new ImageSpec(name, distro, suite, arch, mirror, packages, agentJar().toAbsolutePath());
      ImageBuilder.Options options = ImageBuilder.Options.defaults();
      if (cache.isPresent()) {
        options = options.withCacheDir(cache.get().toAbsolutePath());
      }
      PrintWriter out = out();
      ImageBuilder.Result r =
          new ImageBuilder(imagesDir(), options)
              .build(
                  spec,
                  line -> {
                    out.println(line);
                    out.flush();
                  });
      out.println(
          "image "
              + r.image().name()
              + " version "
              + r.image().version()
              + " ("
              + r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + "): "
              + r.image().dir());
    }

    private Path agentJar() {
      if (agentJar.isPresent()) {
        return agentJar.get();
      }
      List<Path> candidates = new ArrayList<>();
      String home = System.getenv("LUI_HOME");
      if (home != null) {
        candidates.add(Path.of(home, "node-agent/target/lui-agent.jar"));
      }
      candidates.add(Path.of("/usr/share/lui/lui-agent.jar"));
      return candidates.stream()
          .filter(Files::isRegularFile)
          .findFirst()
          .orElseThrow(
              () ->
                  LuiException.invalid(
                      "--agent-jar",
                      "",
                      "no agent jar found (looked in "
                          + candidates
                          + "); build it (./mvnw -DskipTests package) or give --agent-jar FILE"));
    }
  }

  @Command(
      name = "import",
      description = {
        "Make a root built elsewhere an image, from a directory or a tar archive (plain, gzip, xz or zstd).",
        "",
        "For example a RHEL-family root from 'dnf --installroot'; a tar archive is known by its name: .tar, .tar.gz, .tar.xz or .tar.zst. It is checked for what the agent needs (java, sfdisk, mkfs, tar, grub-install, a kernel, an NFS-capable initramfs) and refused with the whole list of what is missing."
      },
      footer = {"", "Example:", "  sudo lui image import rocky9 --from /srv/roots/rocky9.tar.zst"})
  static final class Import extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "Image name to import as.")
    String name;

    @Option(names = "--from", required = true, paramLabel = "DIR|TARBALL")
    Path from;

    @Option(
        names = "--agent-jar",
        paramLabel = "FILE",
        description = "Also install this agent and its unit into the copy.")
    Optional<Path> agentJar = Optional.empty();

    @Override
    void run() throws IOException {
      PrintWriter out = out();
      Image image =
          store()
              .importFrom(
                  name,
                  from,
                  agentJar.map(Path::toAbsolutePath),
                  line -> {
                    out.println(line);
                    out.flush();
                  });
      out.println(
          "image " + image.name() + " version " + image.version() + " (imported): " + image.dir());
    }
  }

  @Command(
      name = "list",
      description = {"List images and their current versions."},
      footer = {"", "Examples:", "  lui image list", "  lui image list --json"})
  static final class ListImages extends Base {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    void run() throws IOException {
      List<Image> all = store().list();
      if (json) {
        out()
            .println(
                Json.json()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(all.stream().map(i -> i.manifest()).toList()));
        return;
      }
      if (all.isEmpty()) {
        out().println("no images in " + imagesDir() + " (lui image build NAME)");
        return;
      }
      out().printf("%-20s %-18s %-10s %-10s %s%n", "NAME", "VERSION", "DISTRO", "SUITE", "CREATED");
      for (Image i : all) {
        ImageManifest m = i.manifest();
        out()
            .printf(
                "%-20s %-18s %-10s %-10s %s%n",
                i.name(), i.version(), nz(m.distro()), nz(m.suite()), nz(m.created()));
      }
    }
  }

  @Command(
      name = "show",
      description = {"Show an image's manifest (versions, sizes, checksums, packages) as JSON."},
      footer = {"", "Example:", "  lui image show bookworm | jq '.packages | length'"})
  static final class Show extends OneImage {

    @Override
    void run() throws IOException {
      out().println(store().show(name).toJson());
    }
  }

  @Command(
      name = "verify",
      description = {"Re-check an image's checksums and contents against its manifest."},
      footer = {
        "",
        "Examples:",
        "  lui image verify bookworm",
        "  lui image verify bookworm --json"
      })
  static final class Verify extends OneImage {
    @Option(names = "--json", description = "Print JSON for scripts (the exit code is the same).")
    boolean json;

    @Override
    void run() throws IOException {
      ImageStore.Verification v = store().verify(name);
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", v.name());
        doc.put("version", v.version());
        doc.put("ok", v.ok());
        doc.put("problems", v.problems());
        out().println(Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        out().flush();
      }
      if (!v.ok()) {
        throw LuiException.failed(
            "image "
                + name
                + " version "
                + v.version()
                + " does not match its manifest: "
                + String.join("; ", v.problems()));
      }
      if (!json) {
        out().println("image " + name + " version " + v.version() + ": ok");
      }
    }
  }

  @Command(
      name = "remove",
      description = {
        "Remove an image with every version of it.",
        "",
        "Refused while the server is set to serve it, unless --force."
      },
      footer = {"", "Example:", "  lui image remove bookworm"})
  static final class Remove extends OneImage {

    @Option(names = "--force", description = "Remove even if the server is set to serve it.")
    boolean force;

    @Override
    void run() throws IOException {
      Path serving = imagesDir().resolve(dev.lui.core.server.ImageServing.SERVING);
      Optional<String> served =
          Files.exists(serving) ? Optional.of(Files.readString(serving).trim()) : Optional.empty();
      store().remove(name, image -> !force && served.filter(image.name()::equals).isPresent());
      out().println("removed image " + name);
    }
  }

  /** show, verify, remove: a command on the image NAME. */
  abstract static class OneImage extends Base {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "The image's name (lui image list).")
    String name;
  }

  /** A manifest field for the terminal: the manifest is a file, so it is escaped. */
  private static String nz(String s) {
    return s == null || s.isEmpty() ? "-" : dev.lui.core.TerminalText.escape(s);
  }
}
