package dev.lui.core.cli;

import java.util.Optional;

/**
 * A resource as the admin gives it to the CLI (define-resource, update-resource, a cluster file):
 * files on this machine, which {@link ContentUploader} uploads to turn it into the API's {@code
 * ResourceSpec}. A package list's packages are read from the list file.
 */
record LocalResourceSpec(
    String name,
    String type,
    Optional<LocalFile> source,
    Optional<String> target,
    Optional<String> mode,
    Optional<String> owner,
    Optional<String> directory,
    Optional<LocalFile> initrd,
    Optional<String> version,
    boolean specialBits) {}
