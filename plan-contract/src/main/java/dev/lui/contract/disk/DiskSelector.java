package dev.lui.contract.disk;

import dev.lui.contract.value.InvalidValueException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which disk a node installs onto: {@code path=/dev/sda}, {@code serial=...}, {@code wwn=...},
 * {@code size=200G..300G}, combinable with commas (all must match).
 *
 * <p>Immutable; {@link #toString()} gives a canonical text that {@link #parse} reads back to an
 * equal selector.
 */
public final class DiskSelector {
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})([KMGT]?)");
  private static final Pattern PATH = Pattern.compile("/dev/[A-Za-z0-9._:/+-]+");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:+-]+");

  private final Optional<String> path;
  private final Optional<String> serial;
  private final Optional<String> wwn;
  private final Optional<SizeRange> size;

  /** An inclusive byte range; {@code text} is how it was written, e.g. {@code 200G..300G}. */
  public record SizeRange(long minBytes, long maxBytes, String text) {
    public boolean contains(long bytes) {
      return bytes >= minBytes && bytes <= maxBytes;
    }
  }

  private DiskSelector(
      Optional<String> path,
      Optional<String> serial,
      Optional<String> wwn,
      Optional<SizeRange> size) {
    this.path = path;
    this.serial = serial;
    this.wwn = wwn;
    this.size = size;
  }

  /**
   * Parses a selector.
   *
   * @throws InvalidValueException for field {@code disk}, whose rule names the bad term
   */
  public static DiskSelector parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidValueException(
          "disk",
          text == null ? "" : text,
          "selector is empty; use path=, serial=, wwn= or size=MIN..MAX");
    }
    // Checked before terms are trimmed: a trailing newline must not slip into a plan or a file.
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        throw new InvalidValueException(
            "disk",
            text,
            "selector has a control character "
                + String.format("\\x%02x", (int) c)
                + " at position "
                + (i + 1)
                + "; a selector is one line of printable text");
      }
    }
    Map<String, String> terms = new LinkedHashMap<>();
    for (String term : text.split(",", -1)) {
      String t = term.trim();
      int eq = t.indexOf('=');
      if (eq < 0) {
        throw new InvalidValueException(
            "disk", text, "term '" + t + "' must be key=value (keys: path, serial, wwn, size)");
      }
      String key = t.substring(0, eq).trim();
      String value = t.substring(eq + 1).trim();
      if (!List.of("path", "serial", "wwn", "size").contains(key)) {
        throw new InvalidValueException(
            "disk",
            text,
            "unknown key '" + key + "' in '" + t + "' (keys: path, serial, wwn, size)");
      }
      if (value.isEmpty()) {
        throw new InvalidValueException("disk", text, "key '" + key + "' has an empty value");
      }
      if (terms.put(key, value) != null) {
        throw new InvalidValueException("disk", text, "key '" + key + "' is given more than once");
      }
    }
    Optional<String> path = Optional.ofNullable(terms.get("path"));
    if (path.isPresent() && (!PATH.matcher(path.get()).matches() || path.get().contains(".."))) {
      throw new InvalidValueException(
          "disk", text, "path '" + path.get() + "' must be a device path under /dev/ without '..'");
    }
    Optional<String> serial = Optional.ofNullable(terms.get("serial"));
    if (serial.isPresent() && !TOKEN.matcher(serial.get()).matches()) {
      throw new InvalidValueException(
          "disk", text, "serial '" + serial.get() + "' may hold only [A-Za-z0-9._:+-]");
    }
    Optional<String> wwn = Optional.ofNullable(terms.get("wwn"));
    if (wwn.isPresent() && !TOKEN.matcher(wwn.get()).matches()) {
      throw new InvalidValueException(
          "disk", text, "wwn '" + wwn.get() + "' may hold only [A-Za-z0-9._:+-]");
    }
    Optional<SizeRange> size = Optional.empty();
    if (terms.containsKey("size")) {
      size = Optional.of(sizeRange(text, terms.get("size")));
    }
    return new DiskSelector(path, serial, wwn, size);
  }

  private static SizeRange sizeRange(String selector, String text) {
    int dots = text.indexOf("..");
    if (dots < 0) {
      throw new InvalidValueException(
          "disk", selector, "size '" + text + "' must be a range MIN..MAX, e.g. 200G..300G");
    }
    long min = bytes(selector, text.substring(0, dots), text);
    long max = bytes(selector, text.substring(dots + 2), text);
    if (min > max) {
      throw new InvalidValueException(
          "disk", selector, "size '" + text + "': minimum is larger than maximum");
    }
    return new SizeRange(min, max, text);
  }

  private static long bytes(String selector, String part, String whole) {
    Matcher m = SIZE.matcher(part);
    if (!m.matches()) {
      throw new InvalidValueException(
          "disk",
          selector,
          "size '" + whole + "': '" + part + "' must be a number with optional K, M, G or T");
    }
    int shift =
        switch (m.group(2)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          case "T" -> 40;
          default -> 0;
        };
    long n = Long.parseLong(m.group(1));
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new InvalidValueException("disk", selector, "size '" + whole + "' is too large");
    }
    return n << shift;
  }

  public Optional<String> path() {
    return path;
  }

  public Optional<String> serial() {
    return serial;
  }

  public Optional<String> wwn() {
    return wwn;
  }

  public Optional<SizeRange> size() {
    return size;
  }

  /** True if the disk satisfies every term (path compared as given: resolve symlinks first). */
  public boolean matches(BlockDevice disk) {
    if (path.isPresent() && !path.get().equals(disk.path())) {
      return false;
    }
    if (serial.isPresent()
        && !disk.serial().map(s -> s.trim().equals(serial.get())).orElse(false)) {
      return false;
    }
    if (wwn.isPresent()
        && !disk.wwn().map(w -> normalizeWwn(w).equals(normalizeWwn(wwn.get()))).orElse(false)) {
      return false;
    }
    return size.isEmpty() || size.get().contains(disk.sizeBytes());
  }

  /**
   * The one whole disk (type disk or loop) of the inventory that matches.
   *
   * @throws DiskSelectionException when none or several match; the message lists candidates
   */
  public BlockDevice select(List<BlockDevice> inventory) throws DiskSelectionException {
    List<BlockDevice> disks = new ArrayList<>();
    for (BlockDevice d : inventory) {
      if (d.isWholeDisk()) {
        disks.add(d);
      }
    }
    List<BlockDevice> hits = disks.stream().filter(this::matches).toList();
    if (hits.size() == 1) {
      return hits.get(0);
    }
    if (hits.isEmpty()) {
      throw new DiskSelectionException(
          "no disk matches '" + this + "'; disks seen: " + describe(disks));
    }
    throw new DiskSelectionException(
        hits.size() + " disks match '" + this + "', refine the selector: " + describe(hits));
  }

  private static String describe(List<BlockDevice> disks) {
    if (disks.isEmpty()) {
      return "(none)";
    }
    return String.join("; ", disks.stream().map(BlockDevice::describe).toList());
  }

  private static String normalizeWwn(String w) {
    String s = w.trim().toLowerCase(Locale.ROOT);
    return s.startsWith("0x") ? s.substring(2) : s;
  }

  @Override
  public String toString() {
    List<String> terms = new ArrayList<>();
    path.ifPresent(p -> terms.add("path=" + p));
    serial.ifPresent(s -> terms.add("serial=" + s));
    wwn.ifPresent(w -> terms.add("wwn=" + w));
    size.ifPresent(s -> terms.add("size=" + s.text()));
    return String.join(",", terms);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiskSelector d
        && path.equals(d.path)
        && serial.equals(d.serial)
        && wwn.equals(d.wwn)
        && size.map(s -> List.of(s.minBytes(), s.maxBytes()))
            .equals(d.size.map(s -> List.of(s.minBytes(), s.maxBytes())));
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, serial, wwn, size.map(s -> List.of(s.minBytes(), s.maxBytes())));
  }
}
