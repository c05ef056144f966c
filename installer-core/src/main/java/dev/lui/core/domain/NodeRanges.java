package dev.lui.core.domain;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The text side of node sets: a name pattern with bracket groups expanded to names, and names
 * folded back into the shortest such form ({@link NodeSet} resolves them against the store).
 */
final class NodeRanges {
  private NodeRanges() {}

  static final Pattern PATTERN_TEXT = Pattern.compile("[A-Za-z0-9._-]*");

  static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*");

  /** Numbers in ranges fit a {@code long}. */
  static final int MAX_DIGITS = 18;

  /** Every name a pattern with bracket groups stands for, in order. */
  static List<String> expandPattern(String field, String part) {
    List<String> names = new ArrayList<>(List.of(""));
    int i = 0;
    while (i < part.length()) {
      int open = part.indexOf('[', i);
      String literal = open < 0 ? part.substring(i) : part.substring(i, open);
      if (!PATTERN_TEXT.matcher(literal).matches()) {
        throw LuiException.invalid(
            field, part, "names hold letters, digits, '.', '_' and '-' around their ranges");
      }
      List<String> values = open < 0 ? List.of("") : bracket(field, part, open);
      long total = (long) names.size() * values.size();
      if (total > NodeSet.MAX_NAMES) {
        throw tooMany(field, part);
      }
      List<String> next = new ArrayList<>((int) total);
      for (String prefix : names) {
        for (String v : values) {
          next.add(prefix + literal + v);
        }
      }
      names = next;
      i = open < 0 ? part.length() : part.indexOf(']', open) + 1;
    }
    if (!NAME.matcher(names.get(0)).matches() || names.get(0).length() > 63) {
      throw LuiException.invalid(
          field,
          part,
          "expands to '"
              + LuiException.printable(names.get(0))
              + "', which is not a node name (1-63 letters, digits, '.', '_', '-', starting with a"
              + " letter or digit)");
    }
    return List.copyOf(new LinkedHashSet<>(names));
  }

  /** The numbers of one bracket group ({@code [01-04,07]} at {@code open}), as text. */
  static List<String> bracket(String field, String part, int open) {
    int close = part.indexOf(']', open);
    String inside = part.substring(open + 1, close);
    if (inside.isEmpty()) {
      throw LuiException.invalid(
          field, part, "an empty '[]': put numbers or ranges in it, like n[01-04,07]");
    }
    List<String> out = new ArrayList<>();
    String[] items = inside.split(",", -1);
    for (int k = 0; k < items.length; k++) {
      String item = items[k];
      int dash = item.indexOf('-');
      String lo = dash < 0 ? item : item.substring(0, dash);
      String hi = dash < 0 ? item : item.substring(dash + 1);
      if (!digits(lo) || !digits(hi)) {
        throw LuiException.invalid(
            field,
            part,
            "'["
                + inside
                + "]' must hold numbers and ranges of numbers (at most "
                + MAX_DIGITS
                + " digits), like n[01-04,07]");
      }
      boolean padded = padded(lo) || padded(hi);
      if (padded && lo.length() != hi.length()) {
        throw LuiException.invalid(
            field,
            part,
            "the bounds of "
                + item
                + " are zero-padded differently: give both the same number of digits, like "
                + pad(lo, Math.max(lo.length(), hi.length()))
                + "-"
                + pad(hi, Math.max(lo.length(), hi.length())));
      }
      long from = Long.parseLong(lo);
      long to = Long.parseLong(hi);
      if (to < from) {
        String[] fixed = items.clone();
        fixed[k] = hi + "-" + lo;
        throw LuiException.invalid(
            field,
            part,
            "the range "
                + item
                + " goes down: write "
                + part.substring(0, open + 1)
                + String.join(",", fixed)
                + part.substring(close));
      }
      if (to - from >= NodeSet.MAX_NAMES || out.size() + (to - from) >= NodeSet.MAX_NAMES) {
        throw tooMany(field, part);
      }
      for (long v = from; v <= to; v++) {
        out.add(pad(Long.toString(v), lo.length()));
      }
    }
    return out;
  }

  static boolean digits(String s) {
    if (s.isEmpty() || s.length() > MAX_DIGITS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  static boolean padded(String number) {
    return number.length() > 1 && number.charAt(0) == '0';
  }

  static String pad(String number, int width) {
    return number.length() >= width ? number : "0".repeat(width - number.length()) + number;
  }

  static LuiException tooMany(String field, String expression) {
    return new LuiException(
        ErrorKind.INVALID_INPUT,
        field
            + " '"
            + LuiException.printable(expression)
            + "': expands to more than "
            + NodeSet.MAX_NAMES
            + " names; give a smaller range");
  }

  // ---------------------------------------------------------------- names only

  // ---------------------------------------------------------------- compress

  /**
   * Folds names into the shortest range form {@link #expand} reads back: {@code n01 n02 n03 n07}
   * becomes {@code n[01-03,07]}, {@code r1n01 r1n02 r2n01 r2n02} becomes {@code r[1-2]n[01-02]}.
   * Zero padding is kept. Parts are in natural order (n2 before n10); empty for no names.
   */
  static String compress(Collection<String> names) {
    List<Folded> terms = new ArrayList<>();
    for (String n : new TreeSet<>(names)) {
      terms.add(new Folded(n, n));
    }
    while (true) {
      List<Folded> next = foldOnce(terms);
      if (next == null) {
        break;
      }
      terms = next;
    }
    terms.sort(Comparator.comparing(Folded::first, NodeRanges::natural));
    List<String> out = new ArrayList<>();
    for (Folded f : terms) {
      out.add(shorter(unbracketSingles(f.text())));
    }
    return String.join(",", out);
  }

  /** A term of the folded form, and the first name it stands for (to order the output). */
  private record Folded(String text, String first) {}

  /** Where the last digit run outside brackets is in {@code text}, or null. */
  static int[] lastRun(String text) {
    int i = text.length() - 1;
    while (i >= 0) {
      char c = text.charAt(i);
      if (c == ']') {
        i = text.lastIndexOf('[', i) - 1;
        continue;
      }
      if (c >= '0' && c <= '9') {
        int end = i + 1;
        while (i >= 0 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i--;
        }
        if (end - (i + 1) <= MAX_DIGITS) {
          return new int[] {i + 1, end};
        }
        continue;
      }
      i--;
    }
    return null;
  }

  /**
   * Brackets the last unbracketed number of every term, merging terms that differ only in it; null
   * when no term has one left.
   */
  static List<Folded> foldOnce(List<Folded> terms) {
    record Key(String prefix, String suffix) {}
    List<Folded> out = new ArrayList<>();
    Map<Key, List<Object[]>> groups = new LinkedHashMap<>();
    boolean any = false;
    for (Folded t : terms) {
      int[] run = lastRun(t.text());
      if (run == null) {
        out.add(t);
        continue;
      }
      any = true;
      Key key = new Key(t.text().substring(0, run[0]), t.text().substring(run[1]));
      groups
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Object[] {t.text().substring(run[0], run[1]), t.first()});
    }
    if (!any) {
      return null;
    }
    groups.forEach(
        (key, items) -> {
          Set<Integer> widths = new java.util.HashSet<>();
          for (Object[] item : items) {
            String number = (String) item[0];
            if (padded(number)) {
              widths.add(number.length());
            }
          }
          // class: the zero-padded width, or 0 for numbers written without padding
          Map<Integer, TreeMap<Long, Object[]>> classes = new TreeMap<>();
          for (Object[] item : items) {
            String number = (String) item[0];
            int cls = widths.contains(number.length()) ? number.length() : 0;
            classes.computeIfAbsent(cls, c -> new TreeMap<>()).put(Long.parseLong(number), item);
          }
          classes.forEach(
              (cls, byValue) -> {
                StringBuilder ranges = new StringBuilder();
                String first = null;
                Long runStart = null;
                Long previous = null;
                for (Map.Entry<Long, Object[]> e : byValue.entrySet()) {
                  String itemFirst = (String) e.getValue()[1];
                  if (first == null || natural(itemFirst, first) < 0) {
                    first = itemFirst;
                  }
                  long v = e.getKey();
                  if (previous != null && v == previous + 1) {
                    previous = v;
                    continue;
                  }
                  if (previous != null) {
                    appendRange(ranges, runStart, previous, cls);
                  }
                  runStart = v;
                  previous = v;
                }
                appendRange(ranges, runStart, previous, cls);
                out.add(new Folded(key.prefix() + "[" + ranges + "]" + key.suffix(), first));
              });
        });
    return out;
  }

  static void appendRange(StringBuilder ranges, long from, long to, int width) {
    if (ranges.length() > 0) {
      ranges.append(',');
    }
    ranges.append(pad(Long.toString(from), width));
    if (to > from) {
      ranges.append('-').append(pad(Long.toString(to), width));
    }
  }

  /** A folded term, or its few names written out when that is shorter ({@code n1,n2}). */
  static String shorter(String term) {
    if (term.indexOf('[') < 0 || term.length() > 200) {
      return term;
    }
    List<String> names = expandPattern("nodes", term);
    String plain = String.join(",", names);
    return plain.length() < term.length() ? plain : term;
  }

  /** {@code n[05]} is {@code n05}. */
  static String unbracketSingles(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '[') {
        int close = text.indexOf(']', i);
        String inside = text.substring(i + 1, close);
        if (inside.indexOf(',') < 0 && inside.indexOf('-') < 0) {
          out.append(inside);
        } else {
          out.append(text, i, close + 1);
        }
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Natural order: digit runs compare as numbers (n2 before n10), then as text. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int ei = i;
        while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
          ei++;
        }
        int ej = j;
        while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
          ej++;
        }
        String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
        int c =
            na.length() != nb.length()
                ? Integer.compare(na.length(), nb.length())
                : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }
}
