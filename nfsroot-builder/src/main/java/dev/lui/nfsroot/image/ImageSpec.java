package dev.lui.nfsroot.image;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.nfsroot.check.Checks;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to build: an install environment named {@code name} from {@code distro}/{@code suite} for
 * {@code arch}, fetched from {@code mirror}, with the standard package set plus {@code
 * extraPackages} and the agent jar at {@code agentJar}. The constructor checks every value and says
 * which field, value and rule failed.
 */
public record ImageSpec(
    String name,
    String distro,
    String suite,
    String arch,
    String mirror,
    List<String> extraPackages,
    Path agentJar) {

  /** Distributions this builder can make with mmdebstrap. Others come in with an import. */
  public static final Set<String> DISTROS = Set.of("debian");

  /** grub-pc-bin (BIOS) exists only for x86, so the install environment is amd64 for now. */
  public static final Set<String> ARCHES = Set.of("amd64");

  public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern SUITE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,99}");
  private static final Pattern MIRROR = Pattern.compile("https?://[A-Za-z0-9._~:/@%+-]+");

  public ImageSpec {
    name = name(name);
    distro = oneOf("distro", distro, DISTROS, "a distribution this builder knows");
    suite = matches("suite", suite, SUITE, "[a-z][a-z0-9-]{0,31}");
    arch = oneOf("arch", arch, ARCHES, "a supported architecture");
    mirror =
        matches("mirror", mirror, MIRROR, "an http:// or https:// URL without spaces or quotes");
    Objects.requireNonNull(extraPackages, "extraPackages");
    for (String p : extraPackages) {
      matches("extraPackages", p, PACKAGE, "a Debian package name [a-z0-9][a-z0-9+.-]+");
    }
    extraPackages = List.copyOf(extraPackages);
    Objects.requireNonNull(agentJar, "agentJar");
    if (!agentJar.isAbsolute() || !agentJar.toString().endsWith(".jar")) {
      throw new InvalidValueException(
          "agentJar",
          agentJar.toString(),
          "an absolute path to a .jar",
          "agentJar " + Checks.quote(agentJar.toString()) + " must be an absolute path to a .jar");
    }
  }

  /** Debian {@code suite} for amd64 from the default mirror, no extra packages. */
  public static ImageSpec debian(String name, String suite, Path agentJar) {
    return new ImageSpec(name, "debian", suite, "amd64", DEFAULT_MIRROR, List.of(), agentJar);
  }

  /**
   * An image name: it becomes a directory under the images directory and a word in NFS paths, so it
   * is lower case, starts with a letter or digit, has at most 64 characters and no "..".
   */
  public static String name(String name) {
    matches("name", name, NAME, "[a-z0-9][a-z0-9._-]{0,63}");
    if (name.contains("..")) {
      throw new InvalidValueException(
          "name", name, "no \"..\"", "name " + Checks.quote(name) + " must not contain \"..\"");
    }
    return name;
  }

  private static String matches(String field, String value, Pattern rule, String ruleText) {
    Objects.requireNonNull(value, field);
    if (!rule.matcher(value).matches()) {
      throw new InvalidValueException(
          field,
          value,
          ruleText,
          field + " " + Checks.quote(value) + " does not match " + ruleText);
    }
    return value;
  }

  private static String oneOf(String field, String value, Set<String> allowed, String what) {
    Objects.requireNonNull(value, field);
    if (!allowed.contains(value)) {
      throw new InvalidValueException(
          field,
          value,
          "one of " + allowed,
          field
              + " "
              + Checks.quote(value)
              + " is not "
              + what
              + " (one of "
              + String.join(", ", allowed.stream().sorted().toList())
              + ")");
    }
    return value;
  }
}
