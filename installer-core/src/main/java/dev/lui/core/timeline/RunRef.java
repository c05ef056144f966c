package dev.lui.core.timeline;

import java.time.Instant;
import java.util.Optional;

/**
 * One kept agent run of a node, as a timeline offers it for selection.
 *
 * @param ok whether it ended well; empty while it runs (or if it never reported its end)
 */
public record RunRef(String id, Instant opened, Optional<Instant> ended, Optional<Boolean> ok) {}
