package dev.lui.core.cli;

import java.nio.file.Path;

/**
 * A file on the admin's machine that a resource names: where to read it, and how the admin wrote it
 * (the name the server shows, e.g. {@code files/compute.parts}).
 */
record LocalFile(Path path, String name) {
  /** A path as typed on the command line, read relative to the working directory. */
  static LocalFile of(Path typed) {
    return new LocalFile(typed.toAbsolutePath().normalize(), typed.toString());
  }
}
