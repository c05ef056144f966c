package dev.lui.core.server;

import java.time.Instant;
import dev.lui.agent.plan.DiskIdentity;
import dev.lui.agent.report.AgentEvent;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.domain.Resource;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.inventory.Tokens;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node's agent may do with its install token: fetch its plan and the files it names, and
 * report its log. Nothing else: the token opens no admin call and no other node's data.
 */
public final class AgentService {
  private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);
  /** The agent's LOG stream naming the disk it selected (see SelectDisk.SELECTED_STREAM). */
  static final String SELECTED_DISK = dev.lui.agent.steps.SelectDisk.SELECTED_STREAM;

  private final Store store;
  private final FilesPublisher files;
  private final Clock clock;
  private final AgentLogLimits logLimits = new AgentLogLimits();

  public AgentService(Store store, FilesPublisher files, Clock clock) {
    this.store = store;
    this.files = files;
    this.clock = clock;
  }

  /** The node, if {@code token} is its current install token and its install is not finished. */
  public Node authenticate(String nodeName, Optional<String> token) {
    Node node =
        store.node(nodeName).orElseThrow(() -> new LuiException(ErrorKind.UNAUTHORIZED, "unknown node or bad token"));
    if (token.isEmpty() || !Tokens.matches(token.get(), node.status().tokenHash())) {
      throw new LuiException(ErrorKind.UNAUTHORIZED, "unknown node or bad token");
    }
    if (node.status().state().isInstalled()) {
      throw new LuiException(
          ErrorKind.FORBIDDEN, "node " + nodeName + " is installed; re-arm it with 'lui install " + nodeName + "'");
    }
    return node;
  }

  /**
   * The installed system's first boot report (the unit the agent installed on the disk, carrying
   * the install token it was installed with). Only an installed node's own token counts; a repeat
   * is harmless. Nothing else accepts the token once the node is installed.
   */
  public Node firstBoot(String nodeName, Optional<String> token) {
    return store.transaction(
        () -> {
          Node node =
              store.node(nodeName).orElseThrow(() -> new LuiException(ErrorKind.UNAUTHORIZED, "unknown node or bad token"));
          if (token.isEmpty() || !Tokens.matches(token.get(), node.status().tokenHash())) {
            throw new LuiException(ErrorKind.UNAUTHORIZED, "unknown node or bad token");
          }
          NodeState state = node.status().state();
          if (state == NodeState.VERIFIED) {
            return node;
          }
          if (state != NodeState.INSTALLED) {
            throw new LuiException(
                ErrorKind.CONFLICT, "node " + nodeName + " is " + state.wireName() + ", not installed: a first boot report comes after a good install");
          }
          Instant now = clock.instant();
          store.appendLog(new LogEntry(
              0, nodeName, "first-boot", now.toEpochMilli(), now, "first-boot", Optional.empty(),
              Optional.of("server"), Optional.of("the installed system reported its first boot"), Optional.of(true)));
          Node verified = node.withStatus(node.status().verified(now));
          store.putNode(verified);
          LOG.info("node {} reported its first boot: verified", nodeName);
          return verified;
        });
  }

  /**
   * Fetching the plan is the agent's first call: it marks the install as started. The plan carries
   * the token the agent authenticated with, for the installed system's first-boot report.
   */
  public String plan(Node node, String token) {
    String json = files.planJson(node, token);
    store.transaction(
        () -> {
          Node current = store.node(node.name()).orElseThrow();
          if (current.status().state() != NodeState.INSTALLING) {
            store.putNode(current.withStatus(current.status().installing(clock.instant())));
          }
        });
    LOG.info("node {} fetched its plan", node.name());
    return json;
  }

  /** Stores the events (resends are ignored) and moves the node's status along. */
  public int events(Node node, List<AgentEvent> events) {
    return store.transaction(
        () -> {
          int stored = 0;
          Node current = store.node(node.name()).orElseThrow();
          boolean ended = false;
          for (AgentEvent e : logLimits.admit(store, current, events)) {
            LogEntry entry =
                new LogEntry(
                    0, node.name(), e.runId(), e.seq(), e.time(),
                    e.kindName(), e.step(), e.stream(),
                    e.text(), e.ok());
            if (!store.appendLog(entry)) {
              continue;
            }
            stored++;
            if (current.status().state().isInstalled()) {
              // After install-finished the agent still runs its finish step (reboot) and says so:
              // logged, but the install has ended and stays ended.
              continue;
            }
            switch (e.kind()) {
              case STEP_STARTED -> {
                if (current.status().state() != NodeState.INSTALLING) {
                  current = current.withStatus(current.status().installing(clock.instant()));
                }
                // After a failure the agent still runs its clean-up steps (unmount); the step to
                // report is the one that failed.
                if (current.status().error().isEmpty()) {
                  current = current.withStatus(current.status().atStep(e.step().orElse("?")));
                }
              }
              case STEP_FINISHED -> {
                if (!e.ok().orElse(true) && current.status().error().isEmpty()) {
                  String step = e.step().orElse("?");
                  current = current.withStatus(current.status().atStep(step).failedWith(step + ": " + e.text().orElse("failed")));
                }
              }
              case INSTALL_FINISHED -> {
                boolean ok = e.ok().orElse(false);
                current = current.withStatus(current.status().finished(ok, e.text(), clock.instant()));
                ended = true;
              }
              default -> {}
            }
          }
          store.putNode(current);
          if (ended && current.status().state() == NodeState.INSTALLED) {
            recordInstalledDisk(node.name());
          }
          if (ended) {
            LOG.info("node {} install ended: {}", node.name(), current.status().state().wireName());
            files.installEnded(current);
          }
          return stored;
        });
  }

  /**
   * The disk of a good install, from the agent's selected-disk line of its last run: the next plan
   * carries it, so a swapped disk is refused instead of silently overwritten.
   */
  private void recordInstalledDisk(String node) {
    List<LogEntry> log = store.log(node, 0, Integer.MAX_VALUE);
    if (log.isEmpty()) {
      return;
    }
    String run = log.get(log.size() - 1).runId();
    for (int i = log.size() - 1; i >= 0; i--) {
      LogEntry e = log.get(i);
      if (e.runId().equals(run) && e.stream().filter(SELECTED_DISK::equals).isPresent() && e.text().isPresent()) {
        try {
          com.fasterxml.jackson.databind.JsonNode d = dev.lui.core.Json.json().readTree(e.text().get());
          store.putInstalledDisk(
              node,
              new DiskIdentity(
                  Optional.ofNullable(d.get("serial")).map(com.fasterxml.jackson.databind.JsonNode::asText),
                  Optional.ofNullable(d.get("wwn")).map(com.fasterxml.jackson.databind.JsonNode::asText),
                  d.path("sizeBytes").asLong()));
          LOG.info("node {} was installed on {}", node, d.path("path").asText("?"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
          LOG.warn("node {} sent an unreadable selected-disk line; its disk is not recorded", node);
        }
        return;
      }
    }
  }

  /** The file behind blob {@code index} of a resource allocated to this node. */
  public Path resourceFile(Node node, String resourceName, int index) {
    Resource resource =
        Inventory.resourcesFor(store, node).stream()
            .filter(r -> r.name().equals(resourceName))
            .findFirst()
            .orElseThrow(() -> new LuiException(ErrorKind.NOT_FOUND, "resource '" + resourceName + "' is not allocated to " + node.name()));
    List<Blob> blobs = resource.blobs();
    if (index < 0 || index >= blobs.size()) {
      throw new LuiException(ErrorKind.NOT_FOUND, "resource '" + resourceName + "' has no file " + index);
    }
    return Path.of(blobs.get(index).path());
  }
}
