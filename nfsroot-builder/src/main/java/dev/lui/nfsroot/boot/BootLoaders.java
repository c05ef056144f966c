package dev.lui.nfsroot.boot;

import dev.lui.contract.value.MacAddress;
import java.util.List;
import java.util.Optional;

/**
 * The one registry of boot loaders: the publisher writes an entry per loader, the TFTP and HTTP
 * servers answer each loader's paths, help and docs list them from here. A new loader is one line
 * in {@link #ALL}.
 */
public final class BootLoaders {
  /** Every loader lui writes entries for. */
  public static final List<BootLoader> ALL = List.of(new Pxelinux(), new Grub(), new Ipxe());

  /** The first lines of every entry lui writes contain this; only such files are ever deleted. */
  public static final String MARKER = EntryText.MARKER;

  private BootLoaders() {}

  /** A requested path that names a node's entry of {@code loader}. */
  public record Request(BootLoader loader, MacAddress mac) {}

  /** The entry a request path names, if any (a leading '/' tolerated, MAC in any case). */
  public static Optional<Request> parse(String path) {
    for (BootLoader loader : ALL) {
      Optional<MacAddress> mac = loader.macOf(path);
      if (mac.isPresent()) {
        return Optional.of(new Request(loader, mac.get()));
      }
    }
    return Optional.empty();
  }

  /** A loader's file that is the same for every node ({@link BootLoader#fixedFiles}), if any. */
  public static Optional<String> fixedFile(String path) {
    for (BootLoader loader : ALL) {
      String text = loader.fixedFiles().get(path);
      if (text != null) {
        return Optional.of(text);
      }
    }
    return Optional.empty();
  }
}
