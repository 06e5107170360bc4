@from:simple @OCTI-EVT-003
Feature: Frames from the switch the adapter cannot read
  A CTI server, or something between it and the adapter, sometimes sends a frame that is not what
  the protocol says: text that is not JSON, a field of the wrong type. The adapter skips it and
  keeps listening: the link stays up and the next call pops, whole.

  Background:
    Given the switch has extensions 8808 and 8809
    And a CSR monitors extension 8808

  Scenario Outline: A <damage> frame is skipped and the next call still pops
    Given the CTI link will <fault> the next event about extension 8808
    And a customer calls extension 8808 directly from 16175551212
    And the customer hangs up
    When a customer calls extension 8808 directly from 16175550199
    Then the desktop for 8808 gets an Offering for the second call carrying:
      | pyANI  | 16175550199 |
      | pyDNIS | 8808        |
    And the desktop for 8808 is never told the CTI link is down

    Examples:
      | damage    | fault   |
      | non-JSON  | garble  |
      | corrupt   | corrupt |
