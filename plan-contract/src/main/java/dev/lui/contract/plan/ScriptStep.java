package dev.lui.contract.plan;

/** A post-install script, run inside the target root (chroot) after every payload. */
public record ScriptStep(String name, String source, String sha256) {}
