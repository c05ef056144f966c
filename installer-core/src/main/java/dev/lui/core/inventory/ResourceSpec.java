package dev.lui.core.inventory;

import java.util.Optional;

/**
 * A resource definition as typed: {@code source} is a server-side path (absolute; the CLI makes
 * relative paths absolute). Which other fields apply depends on {@code type}; see
 * {@code lui define-resource --help}.
 */
public record ResourceSpec(
    String name,
    String type,
    Optional<String> source,
    Optional<String> target,
    Optional<String> mode,
    Optional<String> owner,
    Optional<String> directory,
    Optional<String> initrd,
    Optional<String> version) {}
