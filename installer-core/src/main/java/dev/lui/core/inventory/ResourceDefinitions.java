package dev.lui.core.inventory;

import dev.lui.contract.plan.PartitionLayout;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceType;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.PlanCompiler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Resources: define, update (a new version), validate, remove. */
final class ResourceDefinitions {
  private final Inventory inv;

  ResourceDefinitions(Inventory inv) {
    this.inv = inv;
  }

  private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
  private static final Pattern OWNER =
      Pattern.compile("[a-z_][a-z0-9_-]{0,31}(:[a-z_][a-z0-9_-]{0,31})?|[0-9]+(:[0-9]+)?");

  public Resource defineResource(ResourceSpec spec) {
    Resource resource = validateResource(spec);
    return inv.store()
        .transaction(
            () -> {
              if (inv.store().resource(resource.name()).isPresent()) {
                throw LuiException.conflict(
                    "resource '"
                        + resource.name()
                        + "' is already defined; make a new version with 'lui update-resource "
                        + resource.name()
                        + " --source PATH'");
              }
              inv.store().putResource(resource, inv.clock().instant());
              return resource;
            });
  }

  /**
   * Makes a new version of a resource, which becomes current: fields the spec leaves out keep the
   * current version's values, the type never changes. The plans of the nodes it is allocated to
   * (directly or through groups) are refreshed in the same transaction. A spec that changes nothing
   * makes no version.
   *
   * @param confirmed the admin confirmed the change ({@code --yes}, {@code ?yes=true}) for nodes
   *     armed with the current version
   */
  public ResourceUpdates.Updated updateResource(ResourceSpec spec, boolean confirmed) {
    return inv.publication()
        .commit(
            inv.store(),
            () -> {
              List<ResourceVersion> versions = resourceVersions(spec.name());
              ResourceVersion current = versions.get(versions.size() - 1);
              Resource next = validateResource(ResourceUpdates.merge(current.resource(), spec));
              List<String> targets =
                  inv.store().allocations().stream()
                      .filter(a -> a.resource().equals(current.name()))
                      .map(a -> a.kind().wireName() + ":" + a.target())
                      .toList();
              List<String> affected = inv.resolveNodes(targets);
              if (next.equals(current.resource())
                  && current.status() == ResourceVersion.Status.READY) {
                return Publication.Outcome.of(
                    new ResourceUpdates.Updated(current, false, affected), Change.NONE);
              }
              Map<String, String> before = inv.armedPlans(affected);
              ResourceVersion made = inv.store().putResource(next, inv.clock().instant());
              Catalog catalog = Catalog.of(inv.store());
              for (String n : affected) {
                catalog.resourcesFor(inv.node(n));
              }
              inv.confirmPlanChanges("updating resource " + current.name(), before, confirmed);
              return Publication.Outcome.of(
                  new ResourceUpdates.Updated(made, true, affected), Change.of(affected));
            });
  }

  /** Every version of the resource, oldest first; the last is current. */
  public List<ResourceVersion> resourceVersions(String name) {
    List<ResourceVersion> versions = inv.store().resourceVersions(name);
    if (versions.isEmpty()) {
      throw LuiException.notFound("resource", name);
    }
    return versions;
  }

  Resource validateResource(ResourceSpec spec) {
    String name = Names.name("name", spec.name());
    ResourceType type = ResourceType.parse("--type", spec.type());
    allowOnly(spec, type);
    ResourceContents refs = new ResourceContents(inv.contents());
    Blob source =
        refs.require(
            "--source",
            spec.source()
                .orElseThrow(
                    () ->
                        LuiException.invalid(
                            "--source",
                            "",
                            "a " + type.wireName() + " resource needs --source PATH")));
    return switch (type) {
      case RPM_LIST -> new Resource.RpmList(name, source, refs.packages(source, spec.packages()));
      case DEB_LIST -> new Resource.DebList(name, source, refs.packages(source, spec.packages()));
      case TARBALL -> {
        String dir = spec.directory().orElse("/");
        absolutePath("--directory", dir);
        yield new Resource.Tarball(name, source, dir);
      }
      case KERNEL ->
          new Resource.Kernel(
              name,
              source,
              spec.initrd().map(i -> refs.require("--initrd", i)),
              spec.version().orElse(name));
      case FILE -> {
        String target =
            spec.target()
                .orElseThrow(
                    () ->
                        LuiException.invalid(
                            "--target",
                            "",
                            "a file resource needs --target PATH (where the file goes on the node)"));
        absolutePath("--target", target);
        String mode = spec.mode().orElse("0644");
        if (!MODE.matcher(mode).matches()) {
          throw LuiException.invalid("--mode", mode, "an octal mode of 3 or 4 digits, like 0644");
        }
        if (Integer.parseInt(mode, 8) > 0777 && !spec.allowsSpecialBits()) {
          throw LuiException.invalid(
              "--mode",
              mode,
              "setuid, setgid and sticky bits (4000, 2000, 1000) are refused"
                  + " unless you mean them: add --special-bits (API: \"specialBits\": true)");
        }
        String owner = spec.owner().orElse("root:root");
        if (!OWNER.matcher(owner).matches()) {
          throw LuiException.invalid(
              "--owner", owner, "USER[:GROUP] by name or number, like root:root");
        }
        yield new Resource.FileResource(name, source, target, mode, owner);
      }
      case PARTITION_TABLE -> {
        String text = refs.text("--source", source);
        PartitionLayout layout = PartitionTableParser.parse(source.name(), text);
        Optional<dev.lui.contract.plan.Bootloader> bootloader =
            PartitionTableParser.bootloader(source.name(), text);
        PlanCompiler.checkLayout(source.name(), layout, bootloader);
        Optional<String> disk = PartitionTableParser.disk(source.name(), text);
        yield new Resource.PartitionTable(name, source, layout, bootloader, disk);
      }
      case SCRIPT -> new Resource.Script(name, source);
    };
  }

  /** An option that does not apply to this type is an error, not silently ignored. */
  private static void allowOnly(ResourceSpec spec, ResourceType type) {
    Map<String, Optional<String>> options = new LinkedHashMap<>();
    options.put("--target", spec.target());
    options.put("--mode", spec.mode());
    options.put("--owner", spec.owner());
    options.put("--directory", spec.directory());
    options.put("--version", spec.version());
    Set<String> allowed =
        switch (type) {
          case FILE -> Set.of("--target", "--mode", "--owner");
          case TARBALL -> Set.of("--directory");
          case KERNEL -> Set.of("--initrd", "--version");
          case RPM_LIST, DEB_LIST, PARTITION_TABLE, SCRIPT -> Set.of();
        };
    options.forEach(
        (option, value) -> {
          if (value.isPresent() && !allowed.contains(option)) {
            throw LuiException.invalid(
                option, value.get(), "does not apply to a " + type.wireName() + " resource");
          }
        });
    spec.initrd()
        .filter(i -> type != ResourceType.KERNEL)
        .ifPresent(
            i -> {
              throw LuiException.invalid(
                  "--initrd",
                  String.valueOf(i.name()),
                  "does not apply to a " + type.wireName() + " resource");
            });
    boolean list = type == ResourceType.RPM_LIST || type == ResourceType.DEB_LIST;
    if (!list && !spec.packages().isEmpty()) {
      throw LuiException.invalid(
          "packages",
          spec.packages().size() + " files",
          "only rpm-list and deb-list resources have packages, not a " + type.wireName());
    }
  }

  private static void absolutePath(String field, String path) {
    boolean ok = path.startsWith("/") && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    if (ok && !path.equals("/")) {
      for (String part : path.substring(1).split("/", -1)) {
        ok &= !part.isEmpty() && !part.equals(".") && !part.equals("..");
      }
    }
    if (!ok) {
      throw LuiException.invalid(
          field, path, "an absolute, normalised path on the node, like /etc/motd");
    }
  }

  public Resource resource(String name) {
    return inv.store().resource(name).orElseThrow(() -> LuiException.notFound("resource", name));
  }

  public void removeResource(String name) {
    inv.store()
        .transaction(
            () -> {
              resource(name);
              List<String> users =
                  inv.store().allocations().stream()
                      .filter(a -> a.resource().equals(name))
                      .map(a -> a.kind().wireName() + " " + a.target())
                      .toList();
              if (!users.isEmpty()) {
                throw LuiException.conflict(
                    "resource '"
                        + name
                        + "' is allocated to "
                        + String.join(", ", users)
                        + ": deallocate it first (lui deallocate "
                        + name
                        + " --from ...)");
              }
              inv.store().deleteResource(name);
            });
  }
}
