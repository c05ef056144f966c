package dev.lui.agent.plan;

/** What the agent does once the install succeeded. */
public enum Finish {
  REBOOT,
  POWEROFF,
  NONE
}
