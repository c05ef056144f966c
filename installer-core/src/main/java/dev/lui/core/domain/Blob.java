package dev.lui.core.domain;

/**
 * A server-side file a resource refers to, checksummed when the resource was defined so the agent
 * can verify what it fetched and {@code lui show-resource} can tell when the file changed since.
 */
public record Blob(String path, String sha256, long size) {}
