package dev.lui.agent.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lui.agent.disk.Lsblk;
import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.disk.BlockDevice;
import dev.lui.contract.disk.DiskSelectionException;
import dev.lui.contract.disk.DiskSelector;
import dev.lui.contract.event.DiskSelected;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.io.Command;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Finds the one disk matching the plan's selector, and refuses it if anything on it is in use. */
public final class SelectDisk implements Step {
  @Override
  public String name() {
    return "select-disk";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    DiskSelector selector;
    try {
      selector = DiskSelector.parse(ctx.plan().disk());
    } catch (InvalidValueException e) {
      throw new StepFailedException("bad disk selector: " + e.rule(), e);
    }
    Optional<String> inventory = ctx.runner().query(Command.of(Lsblk.INVENTORY));
    if (inventory.isEmpty()) { // dry-run: nothing was queried
      String disk = selector.path().orElse("/dev/DISK");
      ctx.events()
          .log(
              "agent",
              selector.path().isPresent()
                  ? "dry-run: using " + disk + " from the selector without checking it"
                  : "dry-run: selector '"
                      + selector
                      + "' is not path-based; using placeholder "
                      + disk);
      ctx.disk(disk, OptionalLong.empty());
      ctx.runner().query(Command.of(Lsblk.tree(disk)));
      ctx.runner().wouldDo("refuse " + disk + " if it or a partition is mounted or used as swap");
      ctx.plan()
          .expectedDisk()
          .ifPresent(
              expected ->
                  ctx.runner()
                      .wouldDo(
                          "refuse "
                              + disk
                              + " unless it is the disk of the last install ("
                              + expected
                              + ")"));
      return;
    }
    if (selector.path().isPresent()) {
      selector = resolveSymlink(selector);
    }
    BlockDevice disk;
    try {
      List<BlockDevice> all = Lsblk.parse(inventory.get());
      for (String line : inventoryLines(all)) {
        ctx.events().log(INVENTORY_STREAM, line);
      }
      disk = selector.select(all);
    } catch (DiskSelectionException e) {
      throw new StepFailedException(e.getMessage(), e);
    }
    ctx.events().log("agent", "selected " + disk.describe());
    ctx.events().diskSelected(DiskSelected.of(disk));
    if (ctx.plan().expectedDisk().isPresent()) {
      Optional<String> mismatch = ctx.plan().expectedDisk().get().mismatch(disk);
      if (mismatch.isPresent()) {
        throw new StepFailedException(
            "refusing "
                + disk.path()
                + ": it is not the disk node "
                + ctx.plan().node().name()
                + " was installed on ("
                + mismatch.get()
                + "); if the disk"
                + " was replaced on purpose, re-arm with 'lui install "
                + ctx.plan().node().name()
                + " --new-disk'. Nothing was changed.");
      }
    }
    List<BlockDevice> tree;
    try {
      tree = Lsblk.parse(ctx.runner().query(Command.of(Lsblk.tree(disk.path()))).orElseThrow());
    } catch (DiskSelectionException e) {
      throw new StepFailedException(e.getMessage(), e);
    }
    MountGuard.check(
        disk.path(),
        tree,
        MountGuard.read(ctx.env().procMounts()),
        MountGuard.read(ctx.env().procSwaps()));
    ctx.disk(disk.path(), OptionalLong.of(disk.sizeBytes()));
  }

  /** LOG stream of the per-disk inventory lines (one JSON object per disk). */
  public static final String INVENTORY_STREAM = "inventory";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One JSON object per whole disk ({@code name, path, type, sizeBytes} and, when lsblk knows them,
   * {@code model, serial, wwn}), so the server can record what the node has.
   */
  static List<String> inventoryLines(List<BlockDevice> devices) {
    List<String> out = new ArrayList<>();
    for (BlockDevice d : devices) {
      if (!d.isWholeDisk()) {
        continue;
      }
      ObjectNode o =
          JSON.createObjectNode()
              .put("name", d.name())
              .put("path", d.path())
              .put("type", d.type())
              .put("sizeBytes", d.sizeBytes());
      d.model().ifPresent(m -> o.put("model", m));
      d.serial().ifPresent(s -> o.put("serial", s));
      d.wwn().ifPresent(w -> o.put("wwn", w));
      out.add(o.toString());
    }
    return out;
  }

  /** {@code path=/dev/disk/by-id/...} names the disk lsblk lists under its kernel name. */
  static DiskSelector resolveSymlink(DiskSelector s) throws StepFailedException {
    String path = s.path().orElseThrow();
    try {
      String real = Path.of(path).toRealPath().toString();
      if (real.equals(path)) {
        return s;
      }
      return DiskSelector.parse(s.toString().replace("path=" + path, "path=" + real));
    } catch (IOException e) {
      throw new StepFailedException("disk " + path + " does not exist: " + e.getMessage(), e);
    } catch (InvalidValueException e) {
      throw new StepFailedException("disk " + path + " resolves to an odd path: " + e.rule(), e);
    }
  }
}
