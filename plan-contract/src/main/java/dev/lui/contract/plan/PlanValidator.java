package dev.lui.contract.plan;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.disk.DiskSelector;
import dev.lui.contract.value.Hostname;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The rules of {@link PlanCodec#validate}; each failure names the JSON field path. */
final class PlanValidator {
  static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
  private static final Pattern OWNER_PART =
      Pattern.compile("[a-z_][a-z0-9_-]{0,31}\\$?|[0-9]{1,10}");
  private static final Pattern FS_LABEL = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern KERNEL_VERSION =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
  private static final Set<String> FILESYSTEMS = Set.of("ext4", "xfs", "vfat", "swap", "none");
  private static final Set<String> FLAGS = Set.of("boot", "esp", "bios_grub");
  private static final Map<String, Integer> LABEL_MAX =
      Map.of("ext4", 16, "xfs", 12, "vfat", 11, "swap", 16);

  private PlanValidator() {}

  static void validate(InstallPlan plan) throws InvalidPlanException {
    if (plan == null) {
      throw new InvalidPlanException("$", "plan is null");
    }
    if (plan.version() != InstallPlan.CURRENT_VERSION) {
      throw new InvalidPlanException(
          "version",
          "plan version "
              + plan.version()
              + " is not supported; this agent supports plan version "
              + InstallPlan.CURRENT_VERSION);
    }
    node(required(plan.node(), "node"));
    try {
      DiskSelector.parse(required(plan.disk(), "disk"));
    } catch (InvalidValueException e) {
      // The selector's rule names its own term.
      throw new InvalidPlanException("disk", e.rule());
    }
    List<String> mountPoints = partitions(required(plan.partitions(), "partitions"));
    payloads(plan.payloads(), mountPoints);
    scripts(plan.scripts(), mountPoints);
    required(plan.finish(), "finish");
    bootloader(plan, mountPoints);
    expectedDisk(plan);
    firstBoot(plan, mountPoints);
  }

  // Written into a curl/wget config and an HTTP header: no quotes, spaces or control characters.
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{1,512}");
  private static final Pattern URL =
      Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?");

  private static void firstBoot(InstallPlan plan, List<String> mounts) throws InvalidPlanException {
    Optional<FirstBoot> f = required(plan.firstBoot(), "firstBoot");
    if (f.isEmpty()) {
      return;
    }
    String url = required(f.get().url(), "firstBoot.url");
    if (!URL.matcher(url).matches()) {
      throw new InvalidPlanException(
          "firstBoot.url",
          "'"
              + url
              + "' is not an http:// or https://"
              + " URL with a host name or IPv4 address (no spaces, quotes, query or fragment)");
    }
    String token = required(f.get().token(), "firstBoot.token");
    if (!TOKEN.matcher(token).matches()) {
      // Never quote the token: it is a secret.
      throw new InvalidPlanException(
          "firstBoot.token", "must be 1-512 of [A-Za-z0-9._~+/=-] (the value is not shown)");
    }
    if (!mounts.contains("/")) {
      throw new InvalidPlanException(
          "firstBoot", "needs a partition mounted at / to install the first-boot unit into");
    }
  }

  private static final Pattern KERNEL_ARGS = Pattern.compile("[A-Za-z0-9 ._,:=/+@-]{0,1024}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Set<String> KEY_TYPES = Set.of("rsa", "ecdsa", "ed25519");

  private static void expectedDisk(InstallPlan plan) throws InvalidPlanException {
    Optional<DiskIdentity> d = required(plan.expectedDisk(), "expectedDisk");
    if (d.isEmpty()) {
      return;
    }
    try {
      d.get().checked();
    } catch (InvalidValueException e) {
      throw new InvalidPlanException("expectedDisk." + e.field(), e.rule());
    }
  }

  private static void bootloader(InstallPlan plan, List<String> mounts)
      throws InvalidPlanException {
    Optional<Bootloader> b = required(plan.bootloader(), "bootloader");
    if (b.isEmpty()) {
      return;
    }
    Bootloader.Type type = required(b.get().type(), "bootloader.type");
    Optional<String> args = required(b.get().kernelArgs(), "bootloader.kernelArgs");
    if (args.isPresent() && !KERNEL_ARGS.matcher(args.get()).matches()) {
      throw new InvalidPlanException(
          "bootloader.kernelArgs",
          "'"
              + escape(args.get())
              + "' must be at most 1024 of [A-Za-z0-9 ._,:=/+@-] (it is written into grub.cfg)");
    }
    if (type == Bootloader.Type.NONE) {
      return;
    }
    if (!mounts.contains("/")) {
      throw new InvalidPlanException(
          "bootloader.type", type.json() + " needs a partition mounted at '/'");
    }
    PartitionLayout layout = plan.partitions();
    if (type == Bootloader.Type.GRUB_BIOS
        && layout.label().equals("gpt")
        && !Bootloader.hasFlag(layout, "bios_grub")) {
      throw new InvalidPlanException(
          "bootloader.type",
          "grub-bios on a gpt label needs a partition with the bios_grub flag (1M is enough)");
    }
    if (type == Bootloader.Type.EXTLINUX) {
      // extlinux reads its files from the filesystem holding /boot (or / without one).
      String fs =
          layout.partitions().stream()
              .filter(p -> p.mountPoint().filter("/boot"::equals).isPresent())
              .findFirst()
              .or(
                  () ->
                      layout.partitions().stream()
                          .filter(p -> p.mountPoint().filter("/"::equals).isPresent())
                          .findFirst())
              .map(PartitionSpec::filesystem)
              .orElse("");
      if (!List.of("ext2", "ext3", "ext4", "xfs", "vfat").contains(fs)) {
        throw new InvalidPlanException(
            "bootloader.type",
            "extlinux needs /boot (or /) on ext2, ext3, ext4, xfs or vfat, not '"
                + escape(fs)
                + "'");
      }
    }
    if (type == Bootloader.Type.GRUB_EFI
        && layout.partitions().stream()
            .noneMatch(p -> p.flags().contains("esp") && p.mountPoint().isPresent())) {
      throw new InvalidPlanException(
          "bootloader.type", "grub-efi needs an esp partition with a mount point (e.g. /boot/efi)");
    }
  }

  /**
   * A value of the shared types ({@code dev.lui.contract.value}), its rule's failure re-anchored at
   * {@code field}.
   */
  private static <T> T value(String field, String text, BiFunction<String, String, T> parser)
      throws InvalidPlanException {
    try {
      return parser.apply(field, text);
    } catch (InvalidValueException e) {
      throw new InvalidPlanException(field, "'" + escape(text) + "': " + e.rule());
    }
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }

  private static void dns(NodeIdentity n) throws InvalidPlanException {
    List<String> servers = required(n.nameservers(), "node.nameservers");
    for (int i = 0; i < servers.size(); i++) {
      String s = required(servers.get(i), "node.nameservers[" + i + "]");
      if (!IPV6.matcher(s).matches()) {
        try {
          Ipv4.parse("node.nameservers[" + i + "]", s);
        } catch (InvalidValueException e) {
          throw new InvalidPlanException(
              "node.nameservers[" + i + "]",
              "'" + escape(s) + "' is not an IPv4 or IPv6 address (" + e.rule() + ")");
        }
      }
    }
    List<String> search = required(n.searchDomains(), "node.searchDomains");
    for (int i = 0; i < search.size(); i++) {
      String d = required(search.get(i), "node.searchDomains[" + i + "]");
      try {
        Hostname.parse("node.searchDomains[" + i + "]", d);
      } catch (InvalidValueException e) {
        throw new InvalidPlanException(
            "node.searchDomains[" + i + "]",
            "'" + escape(d) + "' is not a valid domain name: " + e.rule());
      }
    }
    List<SshHostKey> keys = required(n.sshHostKeys(), "node.sshHostKeys");
    Set<String> types = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      String f = "node.sshHostKeys[" + i + "]";
      SshHostKey k = required(keys.get(i), f);
      String type = required(k.type(), f + ".type");
      if (!KEY_TYPES.contains(type)) {
        throw new InvalidPlanException(
            f + ".type", "'" + escape(type) + "' must be one of rsa, ecdsa, ed25519");
      }
      if (!types.add(type)) {
        throw new InvalidPlanException(f + ".type", "a " + type + " key is given twice");
      }
      // Never echo the private key: the message names only the rule.
      String priv = required(k.privateKey(), f + ".privateKey");
      if (!priv.startsWith("-----BEGIN ") || !priv.contains("PRIVATE KEY-----")) {
        throw new InvalidPlanException(
            f + ".privateKey",
            "(value not shown) must be a PEM/OpenSSH private key starting with '-----BEGIN '");
      }
      String pub = required(k.publicKey(), f + ".publicKey").trim();
      if (pub.contains("\n") || !(pub.startsWith("ssh-") || pub.startsWith("ecdsa-"))) {
        throw new InvalidPlanException(
            f + ".publicKey", "must be one line like 'ssh-ed25519 AAAA... comment'");
      }
    }
  }

  private static void node(NodeIdentity n) throws InvalidPlanException {
    name(required(n.name(), "node.name"), "node.name");
    value("node.hostname", required(n.hostname(), "node.hostname"), Hostname::parse);
    value("node.mac", required(n.mac(), "node.mac"), MacAddress::parse);
    value("node.ip", required(n.ip(), "node.ip"), Ipv4::parse);
    value("node.netmask", required(n.netmask(), "node.netmask"), Ipv4::parseNetmask);
    Optional<String> gw = required(n.gateway(), "node.gateway");
    if (gw.isPresent()) {
      value("node.gateway", gw.get(), Ipv4::parse);
    }
    dns(n);
  }

  /** Returns the mount points, for the payload rules. */
  private static List<String> partitions(PartitionLayout layout) throws InvalidPlanException {
    String label = required(layout.label(), "partitions.label");
    if (!label.equals("gpt") && !label.equals("dos")) {
      throw new InvalidPlanException("partitions.label", "'" + label + "' must be gpt or dos");
    }
    List<PartitionSpec> parts = layout.partitions();
    if (parts.isEmpty()) {
      throw new InvalidPlanException("partitions.partitions", "at least one partition is needed");
    }
    if (label.equals("dos") && parts.size() > 4) {
      throw new InvalidPlanException(
          "partitions.partitions",
          "a dos label holds at most 4 (primary) partitions, got " + parts.size());
    }
    Set<String> seen = new HashSet<>();
    List<String> mounts = new java.util.ArrayList<>();
    int percent = 0;
    for (int i = 0; i < parts.size(); i++) {
      String f = "partitions.partitions[" + i + "]";
      PartitionSpec p = required(parts.get(i), f);
      String sizeText = required(p.size(), f + ".size");
      PartitionSize size;
      try {
        size = PartitionSize.parse(sizeText);
      } catch (InvalidValueException e) {
        throw new InvalidPlanException(f + ".size", e.getMessage());
      }
      if (size instanceof PartitionSize.Rest && i != parts.size() - 1) {
        throw new InvalidPlanException(f + ".size", "only the last partition may be 'rest'");
      }
      if (size instanceof PartitionSize.Percent pc) {
        percent += pc.percent();
        if (percent > 100) {
          throw new InvalidPlanException(
              f + ".size", "percentages add up to " + percent + "%, more than 100%");
        }
      }
      String fs = required(p.filesystem(), f + ".filesystem");
      if (!FILESYSTEMS.contains(fs)) {
        throw new InvalidPlanException(
            f + ".filesystem", "'" + fs + "' must be one of ext4, xfs, vfat, swap, none");
      }
      Optional<String> mp = required(p.mountPoint(), f + ".mountPoint");
      if (mp.isPresent()) {
        if (fs.equals("swap") || fs.equals("none")) {
          throw new InvalidPlanException(
              f + ".mountPoint",
              "a " + fs + " partition has no mount point, got '" + mp.get() + "'");
        }
        String m = mp.get();
        absolutePath(m, f + ".mountPoint");
        if (!seen.add(m)) {
          throw new InvalidPlanException(f + ".mountPoint", "'" + m + "' is mounted twice");
        }
        mounts.add(m);
      }
      Optional<String> fsLabel = required(p.label(), f + ".label");
      if (fsLabel.isPresent()) {
        String l = fsLabel.get();
        if (fs.equals("none")) {
          throw new InvalidPlanException(
              f + ".label", "a partition without filesystem has no label");
        }
        int max = LABEL_MAX.get(fs);
        if (!FS_LABEL.matcher(l).matches() || l.length() > max) {
          throw new InvalidPlanException(
              f + ".label", "'" + l + "' must be 1-" + max + " of [A-Za-z0-9_-] for " + fs);
        }
      }
      List<String> flags = required(p.flags(), f + ".flags");
      for (int j = 0; j < flags.size(); j++) {
        String flag = flags.get(j);
        if (!FLAGS.contains(flag)) {
          throw new InvalidPlanException(
              f + ".flags[" + j + "]", "'" + flag + "' must be one of boot, esp, bios_grub");
        }
        if (flag.equals("bios_grub") && !label.equals("gpt")) {
          throw new InvalidPlanException(f + ".flags[" + j + "]", "bios_grub needs a gpt label");
        }
        if (flag.equals("esp") && !fs.equals("vfat")) {
          throw new InvalidPlanException(
              f + ".flags[" + j + "]", "an esp partition must be vfat, got " + fs);
        }
      }
    }
    return mounts;
  }

  private static void payloads(List<Payload> payloads, List<String> mounts)
      throws InvalidPlanException {
    if (!payloads.isEmpty() && !mounts.contains("/")) {
      throw new InvalidPlanException(
          "payloads", "payloads need a partition mounted at '/' to install into");
    }
    eachNamed(
        "payloads", "payload", payloads, Payload::name, (p, f) -> p.accept(new PayloadRules(f)));
  }

  /** The rules of each kind of payload; {@code f} is the payload's field, like payloads[2]. */
  private record PayloadRules(String f) implements Payload.Visitor<Void, InvalidPlanException> {
    @Override
    public Void tarball(Payload.Tarball t) throws InvalidPlanException {
      blob(t.source(), t.sha256(), f);
      absolutePath(required(t.directory(), f + ".directory"), f + ".directory");
      return null;
    }

    @Override
    public Void file(Payload.FileCopy c) throws InvalidPlanException {
      blob(c.source(), c.sha256(), f);
      String target = required(c.target(), f + ".target");
      absolutePath(target, f + ".target");
      if (target.equals("/") || target.endsWith("/")) {
        throw new InvalidPlanException(f + ".target", "'" + target + "' must name a file");
      }
      String mode = required(c.mode(), f + ".mode");
      if (!MODE.matcher(mode).matches()) {
        throw new InvalidPlanException(
            f + ".mode", "'" + mode + "' must be 3 or 4 octal digits, e.g. 0644");
      }
      owner(required(c.owner(), f + ".owner"), f + ".owner");
      return null;
    }

    @Override
    public Void kernel(Payload.Kernel k) throws InvalidPlanException {
      Payload.Source image = required(k.image(), f + ".image");
      blob(image.source(), image.sha256(), f + ".image");
      Optional<Payload.Source> initrd = required(k.initrd(), f + ".initrd");
      if (initrd.isPresent()) {
        blob(initrd.get().source(), initrd.get().sha256(), f + ".initrd");
      }
      String v = required(k.version(), f + ".version");
      if (!KERNEL_VERSION.matcher(v).matches()) {
        throw new InvalidPlanException(
            f + ".version", "'" + v + "' is not a kernel version like 6.1.0-13-amd64");
      }
      return null;
    }

    @Override
    public Void rpmList(Payload.RpmList l) throws InvalidPlanException {
      packages(required(l.packages(), f + ".packages"), f + ".packages");
      return null;
    }

    @Override
    public Void debList(Payload.DebList l) throws InvalidPlanException {
      packages(required(l.packages(), f + ".packages"), f + ".packages");
      return null;
    }
  }

  private static void packages(List<Payload.Source> packages, String field)
      throws InvalidPlanException {
    if (packages.isEmpty()) {
      throw new InvalidPlanException(field, "a package list names at least one package file");
    }
    for (int i = 0; i < packages.size(); i++) {
      Payload.Source s = required(packages.get(i), field + "[" + i + "]");
      blob(s.source(), s.sha256(), field + "[" + i + "]");
    }
  }

  private static void scripts(List<ScriptStep> scripts, List<String> mounts)
      throws InvalidPlanException {
    if (!scripts.isEmpty() && !mounts.contains("/")) {
      throw new InvalidPlanException(
          "scripts", "scripts run in the target root and need a partition mounted at '/'");
    }
    eachNamed(
        "scripts", "script", scripts, ScriptStep::name, (s, f) -> blob(s.source(), s.sha256(), f));
  }

  /** The rules of one element of a list; {@code f} is its field, like scripts[2]. */
  @FunctionalInterface
  private interface ElementRules<T> {
    void check(T element, String f) throws InvalidPlanException;
  }

  /**
   * Each element of {@code list}: present, its name valid and used once in the list, then {@code
   * rules}.
   */
  private static <T> void eachNamed(
      String list, String kind, List<T> elements, Function<T, String> name, ElementRules<T> rules)
      throws InvalidPlanException {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < elements.size(); i++) {
      String f = list + "[" + i + "]";
      T element = required(elements.get(i), f);
      String n = name.apply(element);
      name(n, f + ".name");
      if (!names.add(n)) {
        throw new InvalidPlanException(f + ".name", kind + " name '" + n + "' is used twice");
      }
      rules.check(element, f);
    }
  }

  /** A fetched file: fields {@code f.source} and {@code f.sha256}. */
  private static void blob(String source, String sha256, String f) throws InvalidPlanException {
    source(source, f + ".source");
    sha(sha256, f + ".sha256");
  }

  private static void name(String name, String field) throws InvalidPlanException {
    required(name, field);
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new InvalidPlanException(
          field, "'" + name + "' must be 1-64 of [A-Za-z0-9._-], starting with a letter or digit");
    }
  }

  private static void source(String source, String field) throws InvalidPlanException {
    required(source, field);
    String lower = source.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        java.net.URI uri = new java.net.URI(source);
        if (uri.getHost() == null) {
          throw new InvalidPlanException(field, "'" + source + "' has no host");
        }
      } catch (java.net.URISyntaxException e) {
        throw new InvalidPlanException(
            field, "'" + source + "' is not a valid URL: " + e.getReason());
      }
      return;
    }
    if (!source.startsWith("/")) {
      throw new InvalidPlanException(
          field, "'" + source + "' must be an http(s):// URL or an absolute local path");
    }
  }

  private static void sha(String sha, String field) throws InvalidPlanException {
    required(sha, field);
    if (!SHA256.matcher(sha).matches()) {
      throw new InvalidPlanException(field, "'" + sha + "' must be 64 lower-case hex digits");
    }
  }

  private static void owner(String owner, String field) throws InvalidPlanException {
    String[] parts = owner.split(":", -1);
    if (parts.length > 2
        || !OWNER_PART.matcher(parts[0]).matches()
        || (parts.length == 2 && !OWNER_PART.matcher(parts[1]).matches())) {
      throw new InvalidPlanException(
          field, "'" + owner + "' must be user or user:group (names or numeric ids)");
    }
  }

  static void absolutePath(String path, String field) throws InvalidPlanException {
    if (!path.startsWith("/")) {
      throw new InvalidPlanException(field, "'" + path + "' must be an absolute path");
    }
    if (path.contains("\0") || path.contains("\n")) {
      throw new InvalidPlanException(field, "path must not contain NUL or newline");
    }
    for (String seg : path.split("/")) {
      if (seg.equals("..") || seg.equals(".")) {
        throw new InvalidPlanException(
            field, "'" + path + "' must not contain '.' or '..' segments");
      }
    }
    if (path.contains("//")
        || (path.length() > 1 && path.endsWith("/") && field.endsWith("mountPoint"))) {
      throw new InvalidPlanException(
          field, "'" + path + "' must be a normalized path (no '//', no trailing '/')");
    }
  }

  private static <T> T required(T value, String field) throws InvalidPlanException {
    if (value == null) {
      throw new InvalidPlanException(field, "required field is missing");
    }
    return value;
  }
}
