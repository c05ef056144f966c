package dev.lui.core.inventory;

import dev.lui.core.domain.Node;
import java.util.ArrayList;
import java.util.List;

/** What changes when {@code lui apply} updates a network or a node: one line for the admin. */
final class ClusterDiffs {
  private ClusterDiffs() {}

  static String differences(dev.lui.core.domain.Network a, dev.lui.core.domain.Network b) {
    List<String> out = new ArrayList<>();
    diff(out, "cidr", a.cidr().toString(), b.cidr().toString());
    diff(
        out,
        "gateway",
        a.gateway().map(Object::toString).orElse("none"),
        b.gateway().map(Object::toString).orElse("none"));
    diff(
        out,
        "dns",
        a.dns().isEmpty()
            ? "none"
            : String.join(",", a.dns().stream().map(Object::toString).toList()),
        b.dns().isEmpty()
            ? "none"
            : String.join(",", b.dns().stream().map(Object::toString).toList()));
    diff(out, "domain", a.domain().orElse("none"), b.domain().orElse("none"));
    return String.join(", ", out);
  }

  static String differences(Node a, Node b) {
    List<String> out = new ArrayList<>();
    diff(out, "mac", a.mac().value(), b.mac().value());
    diff(out, "ip", a.ip().toString(), b.ip().toString());
    diff(out, "netmask", a.netmask().toString(), b.netmask().toString());
    diff(
        out,
        "gateway",
        a.gateway().map(Object::toString).orElse("none"),
        b.gateway().map(Object::toString).orElse("none"));
    diff(out, "hostname", a.hostname(), b.hostname());
    diff(out, "groups", String.join(",", a.groups()), String.join(",", b.groups()));
    diff(out, "disk", a.disk().orElse("none"), b.disk().orElse("none"));
    diff(out, "after-install", a.afterInstall().wireName(), b.afterInstall().wireName());
    diff(out, "network", a.network().orElse("none"), b.network().orElse("none"));
    diff(
        out,
        "bmc",
        a.bmc().map(Object::toString).orElse("none"),
        b.bmc().map(Object::toString).orElse("none"));
    return String.join(", ", out);
  }

  static void diff(List<String> out, String field, String a, String b) {
    if (!a.equals(b)) {
      out.add(field + " " + a + " -> " + b);
    }
  }
}
