@from:simple
Feature: Reconnecting without hammering the CTI server
  A CTI server that restarts may refuse sessions for a while. The adapter keeps trying on its own,
  but backs off: its first retries come soon (a blip is over in a moment), later ones wait longer,
  never longer than the longest wait it was given, so a server coming back is not flooded by every
  desktop at once and the desktop is not left disconnected for long. Pega specifies no backoff; the
  lab gives the adapter its waits through its own settings (timeouts.reconnectMinMs and
  reconnectMaxMs) and times the attempts at the switch.

  Background:
    Given the switch has extension 8808
    And the adapters wait 20 to 640 ms between reconnect attempts
    And a CSR monitors extension 8808

  @OCTI-LINK-003
  Scenario: The adapter keeps trying while the CTI server refuses it, backing off, and comes back
    Given the CTI link will drop at the next frame to the adapter, and the CTI server will then refuse 9 sessions
    When a customer calls extension 8808 directly from 16175551212
    Then the adapter comes back after 9 refused attempts, backing off within its waits
