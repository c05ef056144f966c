package dev.lui.core.store;

import java.time.Instant;
import java.util.Optional;

/** A file the TFTP server served (or refused), attributed to a node when the client is one. */
public record TransferEntry(
    Instant time, String client, String path, long bytes, String outcome, Optional<String> node) {}
