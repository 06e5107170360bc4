@from:simple
Feature: A lost CTI link
  Links to CTI servers drop: a network blip, a server restart. The adapter tells the desktop, finds
  its way back by itself, and afterwards the desktop shows what the switch holds — a call that
  rang meanwhile pops once, a call that ended meanwhile ends, nothing pops twice.

  Background:
    Given the switch has extensions 8808 and 8809
    And a CSR monitors extension 8808

  @OCTI-LINK-001
  Scenario: The desktop hears the link go down and come back
    Given the CTI link will drop at the next frame to the adapter
    When a customer calls extension 8808 directly from 16175551212
    Then the desktop for 8808 gets, in order, snapshots carrying:
      | pyLinkState  | pyDeviceState |
      | DISCONNECTED | CLOSED        |
      | CONNECTED    | OPENED        |

  @OCTI-LINK-001
  Scenario: The link comes back even when the switch refuses the snapshot
    Given the CTI link will drop at the next frame to the adapter, and the switch will then refuse SnapshotDevice
    When a customer calls extension 8808 directly from 16175551212
    Then the desktop for 8808 gets, in order, snapshots carrying:
      | pyLinkState  | pyDeviceState | pyAgentState | pyReasonCode | pyWorkMode |
      | DISCONNECTED | CLOSED        | Unknown      | (empty)      | (empty)    |
      | CONNECTED    | OPENED        | Unknown      | (empty)      | (empty)    |

  @OCTI-LINK-002
  Scenario: A call that starts ringing while the link is down pops once when it is back
    Given the CTI link will drop at the next frame to the adapter
    When a customer calls extension 8808 directly from 16175551212
    Then the desktop for 8808 gets exactly one Offering for the call
    And the desktop for 8808 agrees with the switch

  @OCTI-LINK-002
  Scenario: A call that ends while the link is down ends on the desktop
    Given a customer calls extension 8808 directly from 16175551212
    And the desktop for 8808 has got an Offering for the call
    And the CTI link will drop at the next frame to the adapter
    When the customer hangs up
    Then the desktop for 8808 gets exactly one Abandoned for the call
    And nothing follows the Abandoned for the call on 8808
    And the desktop for 8808 gets exactly one Offering for the call

  @OCTI-LINK-002
  Scenario: A call already popped does not pop again when the link is back
    Given a customer calls extension 8808 directly from 16175551212
    And the desktop for 8808 has got an Offering for the call
    And the CTI link will drop at the next frame to the adapter
    When the CSR on 8808 answers the call at the phone
    Then the desktop for 8808 gets an Established for the call
    And the desktop for 8808 gets exactly one Offering for the call
    And the desktop for 8808 agrees with the switch

  @OCTI-LINK-002
  Scenario: A call still ringing across the lost link does not pop again
    Given a customer calls extension 8808 directly from 16175551212
    And the desktop for 8808 has got an Offering for the call
    And the CTI link will drop at the next frame to the adapter
    When the CSR on 8808 subscribes to extension 8809
    Then the desktop for 8808 gets, in order, snapshots carrying:
      | pyLinkState  | pyDeviceState |
      | DISCONNECTED | CLOSED        |
      | CONNECTED    | OPENED        |
    And the desktop for 8808 gets exactly one Offering for the call
    And the desktop for 8808 agrees with the switch
