package dev.lui.dhcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where one backend's file goes and how it is checked and reloaded. Commands are argument arrays
 * (never a shell); {@code {file}} in an argument is replaced by the candidate file's path.
 */
public record DhcpTarget(
    String format,
    DhcpRenderer renderer,
    Path file,
    Optional<List<String>> validateCommand,
    Optional<List<String>> reloadCommand) {}
