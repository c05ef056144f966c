package dev.lui.nfsroot.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code image.json}: what an image is and how to check it. {@code sizes} are bytes ({@code root},
 * {@code vmlinuz}, {@code initrd.img}, {@code lui-agent.jar}); {@code sha256} holds the checksums
 * of {@code vmlinuz}, {@code initrd.img} and {@code lui-agent.jar}; {@code packages} are "name
 * version" lines from dpkg-query (empty for roots without dpkg); {@code specHash} identifies the
 * build input for the cache (empty for imports); {@code builder} says what made it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ImageManifest(
    String name,
    String version,
    String distro,
    String suite,
    String arch,
    String created,
    String specHash,
    String builder,
    Map<String, Long> sizes,
    Map<String, String> sha256,
    List<String> packages) {

  public static final String FILE = "image.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ImageManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    distro = Objects.requireNonNullElse(distro, "");
    suite = Objects.requireNonNullElse(suite, "");
    arch = Objects.requireNonNullElse(arch, "");
    created = Objects.requireNonNullElse(created, "");
    specHash = Objects.requireNonNullElse(specHash, "");
    builder = Objects.requireNonNullElse(builder, "");
    sizes = Map.copyOf(Objects.requireNonNullElse(sizes, Map.of()));
    sha256 = Map.copyOf(Objects.requireNonNullElse(sha256, Map.of()));
    packages = List.copyOf(Objects.requireNonNullElse(packages, List.of()));
  }

  /** The same manifest under another name and version (a cached image reused). */
  public ImageManifest renamed(String newName, String newVersion) {
    return new ImageManifest(
        newName,
        newVersion,
        distro,
        suite,
        arch,
        created,
        specHash,
        builder,
        sizes,
        sha256,
        packages);
  }

  public String toJson() {
    try {
      // Sorted maps keep the file stable, so two manifests can be compared with diff.
      Map<String, Object> m = new TreeMap<>(JSON.convertValue(this, Map.class));
      return JSON.writeValueAsString(m) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ImageManifest fromJson(String json) throws IOException {
    return JSON.readValue(json, ImageManifest.class);
  }

  public static ImageManifest read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }
}
