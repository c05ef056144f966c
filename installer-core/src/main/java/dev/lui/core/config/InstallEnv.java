package dev.lui.core.config;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Values;
import java.util.List;
import java.util.Optional;

/**
 * How boot entries point a node at its install environment.
 *
 * <p>With a {@code root} (the shared, read-only image root on the NFS server) the kernel mounts it
 * as {@code /} and the node's own small root (token, plan, identity) follows as {@code
 * lui.noderoot=}, which the image's agent unit mounts at {@code /lui}. Without one, {@code
 * nfsroot=} names the node's own root: the layout of installs whose environment merges both.
 *
 * @param root absolute path of the image root as the NFS server exports it
 * @param kernelArgs appended to every install entry, one word each (console=ttyS0,115200 ...)
 * @param installNetwork the network the image root is exported to read-only (CIDR); empty: the
 *     network of the first node's address and netmask
 * @param exportsReload run (as arguments) after STATE/nfs/exports or ganesha.conf changed
 */
public record InstallEnv(
    Optional<String> root,
    List<String> kernelArgs,
    Optional<String> installNetwork,
    List<String> exportsReload) {
  public InstallEnv {
    kernelArgs = List.copyOf(kernelArgs);
    exportsReload = List.copyOf(exportsReload);
    installNetwork.ifPresent(n -> Values.network("--install-network", n));
    root.ifPresent(
        r -> {
          if (!r.startsWith("/")
              || r.chars()
                  .anyMatch(c -> c <= ' ' || c == ',' || c == '"' || c == '\'' || c == 127)) {
            throw LuiException.invalid(
                "--install-root", r, "an absolute path without spaces, quotes or ','");
          }
        });
    for (String arg : kernelArgs) {
      if (arg.isEmpty()
          || arg.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == 127)) {
        throw LuiException.invalid(
            "--kernel-arg", arg, "one word without spaces or quotes, like console=ttyS0,115200");
      }
      if (arg.startsWith("lui.")) {
        throw LuiException.invalid(
            "--kernel-arg",
            arg,
            "lui.* arguments are lui's own (lui.server, lui.node, lui.noderoot)");
      }
    }
  }

  public InstallEnv(Optional<String> root, List<String> kernelArgs) {
    this(root, kernelArgs, Optional.empty(), List.of());
  }

  public InstallEnv withRoot(String newRoot) {
    return new InstallEnv(Optional.of(newRoot), kernelArgs, installNetwork, exportsReload);
  }

  public static InstallEnv legacy() {
    return new InstallEnv(Optional.empty(), List.of());
  }
}
