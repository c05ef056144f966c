package dev.lui.nfsroot.boot;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.MacAddress;
import dev.lui.nfsroot.check.Checks;
import java.util.List;
import java.util.Objects;

/**
 * What a node's install boot entry needs. Every value ends up on the kernel command line, so the
 * constructor refuses anything that would split or extend it (whitespace, control characters,
 * quotes, a ',' in the NFS root that would add mount options) and canonicalises the MAC.
 *
 * @param nodeName a safe node name (see {@link Checks#nodeName})
 * @param mac lower-case, colon-separated (dashes and upper case are accepted and canonicalised)
 * @param serverUrl the lui server's HTTP URL as the node reaches it ({@code http://} or {@code
 *     https://})
 * @param nfsRoot {@code server:/export/path} of the node's root
 * @param kernel path of the install kernel relative to the TFTP root
 * @param initrd path of the install initramfs relative to the TFTP root
 * @param extraKernelArgs appended verbatim after lui's own arguments; each one word; {@code
 *     lui.token} is refused (the token must never be on the world-readable command line)
 */
public record NodeBoot(
    String nodeName,
    String mac,
    String serverUrl,
    String nfsRoot,
    String kernel,
    String initrd,
    List<String> extraKernelArgs) {
  public NodeBoot {
    Checks.nodeName(nodeName);
    mac = MacAddress.parse(mac).value();
    Checks.word("serverUrl", serverUrl);
    if (!serverUrl.startsWith("http://") && !serverUrl.startsWith("https://")) {
      throw new InvalidValueException(
          "serverUrl",
          serverUrl,
          "starts with http:// or https://",
          "serverUrl " + Checks.quote(serverUrl) + " must start with http:// or https://");
    }
    checkNfsRoot(nfsRoot);
    checkBootFile("kernel", kernel);
    checkBootFile("initrd", initrd);
    Objects.requireNonNull(extraKernelArgs, "extraKernelArgs");
    extraKernelArgs = List.copyOf(extraKernelArgs);
    for (String arg : extraKernelArgs) {
      Checks.word("extra kernel argument", arg);
      if (arg.equals("lui.token") || arg.startsWith("lui.token=")) {
        throw new InvalidValueException(
            "extra kernel argument",
            arg,
            "not lui.token: the token lives in the node's NFS root",
            "extra kernel argument "
                + "lui.token is refused: the pxelinux file is world-readable over TFTP; the token"
                + " lives in the node's NFS root (lui/token, mode 0600)");
      }
    }
  }

  private static void checkNfsRoot(String nfsRoot) {
    Checks.word("nfsRoot", nfsRoot);
    int colon = nfsRoot.indexOf(':');
    if (colon <= 0 || colon + 1 >= nfsRoot.length() || nfsRoot.charAt(colon + 1) != '/') {
      throw new InvalidValueException(
          "nfsRoot",
          nfsRoot,
          "server:/absolute/path",
          "nfsRoot " + Checks.quote(nfsRoot) + " must have the form server:/absolute/path");
    }
    if (nfsRoot.indexOf(',') >= 0) {
      throw new InvalidValueException(
          "nfsRoot",
          nfsRoot,
          "no ','",
          "nfsRoot "
              + Checks.quote(nfsRoot)
              + " must not contain ',': the kernel would read what follows as NFS mount options");
    }
  }

  private static void checkBootFile(String field, String path) {
    Checks.word(field, path);
    // pxelinux reads a ',' in an initrd list as a separator, and '..' has no business here.
    if (path.indexOf(',') >= 0
        || path.equals("..")
        || path.startsWith("../")
        || path.contains("/../")
        || path.endsWith("/..")) {
      throw new InvalidValueException(
          field,
          path,
          "one TFTP path without ',' or '..'",
          field + " " + Checks.quote(path) + " must be one TFTP path without ',' or '..'");
    }
  }
}
