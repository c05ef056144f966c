package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.content.Contents;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A resource definition's content references, checked against the content store: each names content
 * that was uploaded, with its size; text resources (partition tables, package lists) are read from
 * the store, never from a path. Messages quote at most the offending line of such a text, escaped.
 */
final class ResourceContents {
  /** Partition tables and package lists are short texts the admin wrote. */
  static final int MAX_TEXT_BYTES = 1 << 20;

  static final int MAX_LINE = 4096;
  private static final int MAX_NAME = 1024;

  private final Contents contents;

  ResourceContents(Contents contents) {
    this.contents = contents;
  }

  /** The reference, checked: a printable name, a digest, and content of that size in the store. */
  Blob require(String field, Blob ref) {
    String name = ref.name() == null ? "" : ref.name();
    if (name.isEmpty() || name.length() > MAX_NAME || !name.equals(LuiException.printable(name))) {
      throw LuiException.invalid(
          field + " name", name, "a file's name is 1 to " + MAX_NAME + " printable characters");
    }
    Sha256 sha = Sha256.parse(field + " sha256", ref.sha256() == null ? "" : ref.sha256());
    if (ref.size() < 0) {
      throw LuiException.invalid(
          field + " size", Long.toString(ref.size()), "a size is 0 or more bytes");
    }
    long stored =
        contents
            .size(sha)
            .orElseThrow(
                () ->
                    LuiException.invalid(
                        field,
                        name,
                        "no content with sha256 "
                            + sha
                            + " on the server: upload it first (PUT /api/v1/content/"
                            + sha
                            + "; the lui CLI uploads the files it names)"));
    if (stored != ref.size()) {
      throw LuiException.invalid(
          field + " size",
          Long.toString(ref.size()),
          "the content " + sha + " of " + name + " has " + stored + " bytes");
    }
    return new Blob(name, sha.hex(), ref.size());
  }

  /** The text of a checked reference: UTF-8, no control characters but tabs, at most 1 MiB. */
  String text(String field, Blob ref) {
    if (ref.size() > MAX_TEXT_BYTES) {
      throw LuiException.invalid(
          field,
          ref.name(),
          ref.size() + " bytes: this is a short text file, at most " + MAX_TEXT_BYTES + " bytes");
    }
    byte[] bytes;
    try (Contents.Content c = contents.open(new Sha256(ref.sha256()))) {
      bytes = c.in().readNBytes(MAX_TEXT_BYTES + 1);
    } catch (IOException e) {
      throw LuiException.failed("cannot read content " + ref.sha256() + ": " + e.getMessage(), e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw LuiException.invalid(field, ref.name(), "not UTF-8 text: give the text file itself");
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.length() > MAX_LINE) {
        throw LuiException.invalid(
            field,
            ref.name(),
            "line " + (i + 1) + " is longer than " + MAX_LINE + " characters: not a text file");
      }
      for (int k = 0; k < line.length(); k++) {
        char c = line.charAt(k);
        boolean allowed = c == '\t' || (c == '\r' && k == line.length() - 1);
        if ((c < 0x20 || c == 0x7f) && !allowed) {
          throw LuiException.invalid(
              field, ref.name(), "line " + (i + 1) + " holds a control character: not a text file");
        }
      }
    }
    return text;
  }

  /**
   * A package list's packages: one checked reference per line of the list, in order, each named as
   * its line.
   */
  List<Blob> packages(Blob list, List<Blob> packages) {
    List<PackageList.Line> lines = PackageList.parse(text("--source", list));
    if (lines.isEmpty()) {
      throw LuiException.invalid("--source", list.name(), "the list names no package files");
    }
    if (packages.size() != lines.size()) {
      throw LuiException.invalid(
          "packages",
          packages.size() + " files",
          "the list "
              + LuiException.printable(list.name())
              + " names "
              + lines.size()
              + " package files: give one package per line, in the list's order");
    }
    List<Blob> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      PackageList.Line line = lines.get(i);
      String where = list.name() + " line " + line.number();
      Blob p = packages.get(i);
      if (!line.file().equals(p.name())) {
        throw LuiException.invalid(
            where,
            line.file(),
            "packages["
                + i
                + "] is named '"
                + LuiException.printable(String.valueOf(p.name()))
                + "': give the packages in the list's order, each named as its line");
      }
      out.add(require(where, p));
    }
    return out;
  }
}
