package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.plan.Catalog;
import dev.lui.core.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lui apply}: makes the store match a cluster file, in one transaction, converging. What the
 * file names is created or updated to match it (networks, groups, resources, nodes, and the
 * allocations of every node and group the file names); what it does not name is left alone.
 * Applying the same file again changes nothing. Changes that alter what armed nodes install need
 * confirmation, as the single commands do; a dry run reports the changes and changes nothing.
 *
 * <p>{@link #export} is the inverse: the store as a cluster file that applies back to the same
 * state.
 */
public final class ClusterApply {
  private final Inventory inventory;
  private final Store store;

  public ClusterApply(Inventory inventory) {
    this.inventory = inventory;
    this.store = inventory.store();
  }

  /**
   * What an apply did (or, in a dry run, would do): one line per change, and the armed nodes whose
   * plan it changes.
   */
  public record Result(List<String> changes, List<String> armedPlansChanged, boolean dryRun) {}

  /** Carries a dry run's result out of the transaction it rolls back. */
  private static final class DryRun extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Result result;

    DryRun(Result result) {
      super("dry run", null, false, false);
      this.result = result;
    }
  }

  public Result apply(ClusterSpec spec, boolean dryRun, boolean confirmed) {
    try {
      return inventory
          .publication()
          .commit(
              store,
              () -> {
                Work w = new Work();
                w.run(spec);
                List<String> changedPlans = w.changedPlans();
                Result result = new Result(List.copyOf(w.changes), changedPlans, dryRun);
                if (dryRun) {
                  throw new DryRun(result); // rolls the transaction back: nothing changes
                }
                if (!confirmed && !changedPlans.isEmpty()) {
                  // The same refusal (and rollback) as the single commands'.
                  inventory.confirmPlanChanges("this apply", w.before, false);
                }
                return Publication.Outcome.of(result, new Change(w.touched, w.replaced));
              });
    } catch (DryRun d) {
      return d.result;
    }
  }

  /** One apply's changes, made inside its transaction. */
  private final class Work {
    final List<String> changes = new ArrayList<>();
    final Set<String> touched = new LinkedHashSet<>();
    final List<Node> replaced = new ArrayList<>();
    Map<String, String> before = Map.of();

    void run(ClusterSpec spec) {
      // Every node that could change: those the file names, members of its groups, users of its
      // resources. Their armed plans are kept to compare after.
      Set<String> affected = new LinkedHashSet<>();
      spec.nodes().forEach(n -> affected.add(n.name()));
      Set<String> fileGroups = new LinkedHashSet<>();
      spec.groups().forEach(g -> fileGroups.add(g.name()));
      Set<String> fileResources = new LinkedHashSet<>();
      spec.resources().forEach(r -> fileResources.add(r.name()));
      for (Node n : store.nodes()) {
        if (n.groups().stream().anyMatch(fileGroups::contains)) {
          affected.add(n.name());
        }
      }
      List<NetworkSpec> fileNetworks = spec.networks().orElse(List.of());
      for (NetworkSpec net : fileNetworks) {
        for (Node n : store.nodes()) {
          if (n.network().equals(Optional.of(String.valueOf(net.name())))) {
            affected.add(n.name());
          }
        }
      }
      Catalog catalog = Catalog.of(store);
      for (Node n : store.nodes()) {
        if (!affected.contains(n.name())
            && catalog.resourcesFor(n).stream().anyMatch(r -> fileResources.contains(r.name()))) {
          affected.add(n.name());
        }
      }
      before = inventory.armedPlans(affected);

      networks(fileNetworks);
      groups(spec.groups());
      resources(spec.resources());
      nodes(spec.nodes());
      allocations(spec);
      // A node given two partition tables has no plan: refuse the whole file.
      Catalog after = Catalog.of(store);
      for (Node n : store.nodes()) {
        if (touched.contains(n.name())) {
          after.resourcesFor(n);
        }
      }
    }

    List<String> changedPlans() {
      return inventory.changedArmedPlans(before);
    }

    /**
     * Networks first, so that the file's nodes are placed on them. A network nodes are on keeps its
     * CIDR and gateway (what they inherited); its DNS servers and domain may change, and reach
     * their plans under the confirmation rule.
     */
    private void networks(List<NetworkSpec> networks) {
      for (NetworkSpec spec : networks) {
        dev.lui.core.domain.Network wanted;
        try {
          wanted = NetworkDefinitions.validate(spec);
        } catch (LuiException e) {
          throw new LuiException(
              e.kind(),
              "network "
                  + LuiException.printable(String.valueOf(spec.name()))
                  + ": "
                  + e.getMessage());
        }
        Optional<dev.lui.core.domain.Network> current = store.network(wanted.name());
        if (current.isPresent() && current.get().equals(wanted)) {
          continue;
        }
        NetworkDefinitions.checkOverlaps(store, wanted);
        if (current.isEmpty()) {
          store.putNetwork(wanted);
          changes.add("define network " + wanted.name() + " (" + wanted.cidr() + ")");
          continue;
        }
        dev.lui.core.domain.Network was = current.get();
        List<String> users = inventory.networkUsers(wanted.name());
        if (!users.isEmpty()
            && (!was.cidr().equals(wanted.cidr()) || !was.gateway().equals(wanted.gateway()))) {
          throw LuiException.conflict(
              "network "
                  + wanted.name()
                  + ": its cidr and gateway cannot change while nodes are on it ("
                  + dev.lui.core.domain.NodeSet.compress(users)
                  + "); their netmask and gateway came from it. Remove those nodes first, or"
                  + " define a new network");
        }
        store.putNetwork(wanted);
        changes.add(
            "update network " + wanted.name() + ": " + ClusterDiffs.differences(was, wanted));
        touched.addAll(users);
      }
    }

    private void groups(List<ClusterSpec.GroupSpec> groups) {
      for (ClusterSpec.GroupSpec g : groups) {
        Names.name("group name", g.name());
        g.disk().ifPresent(d -> Inventory.checkDisk("group " + g.name() + " disk", d));
        Optional<Group> current = store.group(g.name());
        Group wanted = new Group(g.name(), g.disk());
        if (current.isEmpty()) {
          if (store.node(g.name()).isPresent()) {
            throw LuiException.conflict(
                "group '"
                    + g.name()
                    + "' has the name of a node; a group needs a name no node has");
          }
          store.putGroup(wanted);
          changes.add(
              "define group " + g.name() + g.disk().map(d -> " (disk " + d + ")").orElse(""));
        } else if (!current.get().equals(wanted)) {
          store.putGroup(wanted);
          changes.add(
              "set group "
                  + g.name()
                  + " disk: "
                  + current.get().disk().orElse("none")
                  + " -> "
                  + g.disk().orElse("none"));
          touched.addAll(inventory.membersOf(g.name()));
        }
      }
    }

    private void resources(List<ResourceSpec> resources) {
      for (ResourceSpec r : resources) {
        Resource wanted = inventory.validateResource(r);
        Optional<Resource> current = store.resource(wanted.name());
        if (current.isEmpty()) {
          store.putResource(wanted, inventory.clock().instant());
          changes.add("define resource " + wanted.name() + " (" + wanted.type().wireName() + ")");
        } else if (!current.get().equals(wanted)) {
          if (current.get().type() != wanted.type()) {
            throw LuiException.conflict(
                "resource '"
                    + wanted.name()
                    + "' is a "
                    + current.get().type().wireName()
                    + " on the server but a "
                    + wanted.type().wireName()
                    + " in the file; remove it first to change its type");
          }
          store.putResource(wanted, inventory.clock().instant());
          changes.add("update resource " + wanted.name() + " (a new version)");
          Catalog catalog = Catalog.of(store);
          for (Node n : store.nodes()) {
            if (catalog.resourcesFor(n).stream().anyMatch(x -> x.name().equals(wanted.name()))) {
              touched.add(n.name());
            }
          }
        }
      }
    }

    private void nodes(List<NodeSpec> specs) {
      Set<String> inFile = new LinkedHashSet<>();
      specs.forEach(n -> inFile.add(String.valueOf(n.name())));
      // Unique against every node the file does not name, and within the file.
      NodeUniqueness unique =
          new NodeUniqueness(
              store.nodes().stream().filter(n -> !inFile.contains(n.name())).toList());
      for (int i = 0; i < specs.size(); i++) {
        NodeSpec spec = specs.get(i);
        Node wanted;
        try {
          wanted = inventory.validateNode(spec);
          unique.add(wanted);
        } catch (LuiException e) {
          throw e.kind() == dev.lui.core.ErrorKind.FAILED
              ? e
              : new LuiException(
                  e.kind(),
                  "node "
                      + (i + 1)
                      + " ("
                      + LuiException.printable(String.valueOf(spec.name()))
                      + "): "
                      + e.getMessage());
        }
        Optional<Node> current = store.node(wanted.name());
        if (current.isEmpty()) {
          store.addNode(wanted);
          changes.add("define node " + wanted.name());
          touched.add(wanted.name());
        } else {
          // The definition follows the file; the install state, token and history stay.
          Node updated =
              new Node(
                  wanted.name(),
                  wanted.mac(),
                  wanted.ip(),
                  wanted.netmask(),
                  wanted.gateway(),
                  wanted.hostname(),
                  wanted.groups(),
                  wanted.disk(),
                  current.get().status(),
                  wanted.afterInstall(),
                  wanted.network(),
                  wanted.bmc());
          if (!updated.equals(current.get())) {
            store.putNode(updated);
            changes.add(
                "update node "
                    + wanted.name()
                    + ": "
                    + ClusterDiffs.differences(current.get(), updated));
            touched.add(wanted.name());
            replaced.add(current.get()); // its old MAC's boot entries and DNS records go
          }
        }
      }
    }

    /** The allocations of every node and group the file names become what it lists, in order. */
    private void allocations(ClusterSpec spec) {
      Map<String, List<String>> wanted = new LinkedHashMap<>();
      for (ClusterSpec.GroupSpec g : spec.groups()) {
        wanted.put("group:" + g.name(), new ArrayList<>());
      }
      for (ClusterSpec.AllocationSpec a : spec.allocations()) {
        for (String to : a.to()) {
          Inventory.Target t = inventory.resolveTarget(to);
          List<String> list =
              wanted.computeIfAbsent(t.kind().wireName() + ":" + t.name(), k -> new ArrayList<>());
          for (String r : a.resources()) {
            inventory.requireResource("allocations resource", r);
            if (!list.contains(r)) {
              list.add(r);
            }
          }
        }
      }
      for (NodeSpec n : spec.nodes()) {
        List<String> list = wanted.computeIfAbsent("node:" + n.name(), k -> new ArrayList<>());
        for (String r : n.resources()) {
          inventory.requireResource("node " + n.name() + " resource", r);
          if (!list.contains(r)) {
            list.add(r);
          }
        }
      }
      List<Allocation> all = store.allocations();
      for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
        String[] target = e.getKey().split(":", 2);
        TargetKind kind = TargetKind.valueOf(target[0].toUpperCase(java.util.Locale.ROOT));
        List<String> current =
            all.stream()
                .filter(a -> a.kind() == kind && a.target().equals(target[1]))
                .map(Allocation::resource)
                .toList();
        if (current.equals(e.getValue())) {
          continue;
        }
        for (String r : current) {
          store.deleteAllocation(new Allocation(r, kind, target[1]));
        }
        for (String r : e.getValue()) {
          store.addAllocation(new Allocation(r, kind, target[1]));
        }
        changes.add(
            "allocate to "
                + kind.wireName()
                + " "
                + target[1]
                + ": "
                + (current.isEmpty() ? "-" : String.join(", ", current))
                + " -> "
                + (e.getValue().isEmpty() ? "-" : String.join(", ", e.getValue())));
        if (kind == TargetKind.NODE) {
          touched.add(target[1]);
        } else {
          touched.addAll(inventory.membersOf(target[1]));
        }
      }
    }
  }

  /** The store as a cluster file: {@link #apply} of it on the same server changes nothing. */
  public ClusterSpec export() {
    return ClusterExport.of(store);
  }
}
