package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.nfsroot.image.Image;
import dev.lui.nfsroot.image.ImageStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

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
      image = new ImageStore(imagesDir).current(name).orElseThrow(() -> LuiException.invalid(
          "--image", name, "no such image in " + imagesDir + "; build one with 'lui image build " + name + "' or list them with 'lui image list'"));
    } catch (IllegalArgumentException e) {
      throw LuiException.invalid("--image", name, e.getMessage());
    } catch (IOException e) {
      throw LuiException.failed("cannot read image " + name + ": " + e.getMessage(), e);
    }
    String dir = "lui/" + name;
    try {
      Path tftpDir = config.tftpDir().resolve(dir);
      Files.createDirectories(tftpDir);
      copyIfChanged(image.kernel(), tftpDir.resolve("vmlinuz"));
      copyIfChanged(image.initrd(), tftpDir.resolve("initrd.img"));
      atomicWrite(imagesDir.resolve(SERVING), name + "\n");
    } catch (IOException e) {
      throw LuiException.failed("cannot put image " + name + "'s kernel and initrd into " + config.tftpDir() + ": " + e.getMessage(), e);
    }
    InstallEnv env = config.installEnv().withRoot(image.root().toAbsolutePath().toString());
    return config.withInstallEnv(env).withInstallFiles(dir + "/vmlinuz", dir + "/initrd.img");
  }

  private static void copyIfChanged(Path from, Path to) throws IOException {
    if (Files.exists(to) && Files.size(to) == Files.size(from) && Files.mismatch(from, to) == -1) {
      return;
    }
    Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp");
    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void atomicWrite(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

}
