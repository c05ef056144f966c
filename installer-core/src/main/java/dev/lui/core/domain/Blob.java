package dev.lui.core.domain;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * A file a resource refers to, by content: its SHA-256 and size name bytes kept in the server's
 * content store ({@code STATE/content}), so what a node gets is exactly what the admin uploaded.
 * {@code name} is for people only (the path as the admin gave it, or a list's line); the server
 * never opens it.
 *
 * <p>Stores written before #11 spelled the name {@code path} and meant a file on the server; such
 * rows are read with that path as the name and imported once (see {@code LegacyContentImport}).
 */
public record Blob(@JsonAlias("path") String name, String sha256, long size) {}
