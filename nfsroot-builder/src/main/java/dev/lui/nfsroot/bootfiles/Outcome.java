package dev.lui.nfsroot.bootfiles;

/** What {@link BootFilesSetup} did with one loader. */
public enum Outcome {
  /** The file was not in the TFTP root; copied. */
  COPIED,
  /** lui's own earlier copy differed from the package (package upgraded); replaced. */
  UPDATED,
  /** A file lui did not write (or the admin changed) was in the way; kept as a backup, replaced. */
  REPLACED_WITH_BACKUP,
  /** Already identical. */
  UNCHANGED,
  /** The package that ships it is not installed; the detail names it. */
  MISSING,
  /** An optional loader (ARM64) whose package is not there; not a failure. */
  ABSENT,
  /** The package is there but producing the file failed (e.g. grub-mknetdir); see the detail. */
  FAILED
}
