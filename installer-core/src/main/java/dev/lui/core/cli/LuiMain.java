package dev.lui.core.cli;

public final class LuiMain {
  public static void main(String[] args) {}
}
