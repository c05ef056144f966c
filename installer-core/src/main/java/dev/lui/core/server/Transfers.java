package dev.lui.core.server;

import dev.lui.core.domain.Node;
import dev.lui.core.domain.Values;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import dev.lui.nfsroot.boot.BootLoaders;
import dev.lui.tftp.TransferRecord;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfers of boot files, TFTP and HTTP, recorded in the store ({@code GET /api/v1/transfers}),
 * each attributed to a node by the MAC of the boot entry it names or else by the client's address.
 */
final class Transfers {
  private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);

  /** TFTP transfers are recorded off the TFTP thread, which must never wait for the store. */
  private static final ExecutorService RECORDER =
      Executors.newSingleThreadExecutor(dev.lui.core.DaemonThreads.named("lui-transfer-recorder"));

  private Transfers() {}

  /** The node a transfer of {@code path} to {@code client} (an IP address) was for, if known. */
  static Optional<String> nodeOf(Store store, String path, String client) {
    return BootLoaders.parse(path)
        .flatMap(e -> store.nodeByMac(e.mac()))
        .or(
            () ->
                client.contains(":")
                    ? Optional.empty()
                    : store.nodeByIp(Values.ipv4("client", client)))
        .map(Node::name);
  }

  /** The TFTP server's listener: each finished transfer counted now, recorded later. */
  static dev.lui.tftp.TransferListener listener(
      Store store, dev.lui.core.metrics.ServerMetrics metrics) {
    return r -> {
      metrics.tftpTransfer(r);
      recordTftp(store, r);
    };
  }

  /** Records a finished TFTP transfer, later, on the recorder's thread. */
  static void recordTftp(Store store, TransferRecord r) {
    RECORDER.execute(() -> storeTftp(store, r));
  }

  private static void storeTftp(Store store, TransferRecord r) {
    try {
      String client = r.client().getAddress().getHostAddress();
      store.recordTransfer(
          new TransferEntry(
              Instant.now(),
              client + ":" + r.client().getPort(),
              r.path(),
              r.bytes(),
              r.outcome().name().toLowerCase(Locale.ROOT),
              nodeOf(store, r.path(), client),
              Optional.of(r.elapsed()),
              Optional.of(r.detail()).filter(d -> !d.isBlank())));
    } catch (RuntimeException e) {
      LOG.warn("could not record TFTP transfer of {}", r.path(), e);
    }
  }
}
