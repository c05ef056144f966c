package dev.lui.core.server;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.LuiException;
import dev.lui.core.config.InstallEnv;
import dev.lui.core.config.ServerConfig;
import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import dev.lui.nfsroot.image.Image;
import dev.lui.nfsroot.image.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code lui server --image NAME}: boot entries point at that image's current version. Its kernel
 * and initrd are copied into the TFTP root ({@code lui/NAME/}) so TFTP and HTTP serve them from
 * their one root, and the server records which image it serves so {@code lui image remove} refuses
 * to pull it from under booting nodes.
 */
public final class ImageServing {
  private ImageServing() {}

  /** In the images directory: the name of the image a server was last started with. */
  public static final String SERVING = ".serving";

  public static Path imagesDir(ServerConfig config) {
    return config.stateDir().resolve("images");
  }

  public static ServerConfig apply(ServerConfig config, Path imagesDir, String name) {
    Image image;
    try {
      image =
          new ImageStore(imagesDir)
              .current(name)
              .orElseThrow(
                  () ->
                      LuiException.invalid(
                          "--image",
                          name,
                          "no such image in "
                              + imagesDir
                              + "; build one with 'lui image build "
                              + name
                              + "' or list them with 'lui image list'"));
    } catch (InvalidValueException e) {
      throw LuiException.invalid("--image", name, e.getMessage());
    } catch (IOException e) {
      throw LuiException.failed("cannot read image " + name + ": " + e.getMessage(), e);
    }
    String dir = "lui/" + name;
    try {
      Path tftpDir = config.tftpDir().resolve(dir);
      StateDirs.create(tftpDir); // before the server creates STATE: 0755 whatever the umask
      copyIfChanged(image.kernel(), tftpDir.resolve("vmlinuz"));
      copyIfChanged(image.initrd(), tftpDir.resolve("initrd.img"));
      AtomicWriter.write(
          imagesDir.resolve(SERVING),
          (name + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
          FileModes.MODE_0644,
          AtomicWriter.Option.FSYNC);
    } catch (IOException e) {
      throw LuiException.failed(
          "cannot put image "
              + name
              + "'s kernel and initrd into "
              + config.tftpDir()
              + ": "
              + e.getMessage(),
          e);
    }
    InstallEnv env = config.installEnv().withRoot(image.root().toAbsolutePath().toString());
    return config
        .withInstallEnv(env)
        .withBoot(b -> b.withInstallFiles(dir + "/vmlinuz", dir + "/initrd.img"));
  }

  /** Rewritten only when it differs, so a restart with the same image touches nothing. */
  private static void copyIfChanged(Path from, Path to) throws IOException {
    if (Files.exists(to) && Files.mismatch(from, to) == -1) {
      return;
    }
    AtomicWriter.write(
        to, Files.readAllBytes(from), FileModes.MODE_0644, AtomicWriter.Option.FSYNC);
  }
}
