@from:simple
Feature: A call's life on the desktop
  After the screen pop the desktop follows the call as the switch reports it: answered at the
  phone, ended by either side, or abandoned by a caller who gave up. Each call ends on each
  desktop with exactly one terminal event, and nothing follows it.

  Background:
    Given the switch has extensions 8808 and 8809
    And queue "Sales" is dialled on 8000 and served by extension 8808
    And a CSR monitors extension 8808

  @OCTI-CALL-006
  Scenario: Answering at the phone reaches the desktop as Established
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers the call at the phone
    Then the desktop for 8808 gets, in order, for the call:
      | Offering    |
      | Established |

  @OCTI-CALL-006
  Scenario: A call answered while its screen pop is still on the link reaches the desktop in the switch's order
    Given the CTI link will hold back the next event about extension 8808 for 100 ms
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers the call at the phone
    Then the desktop for 8808 gets, in order, for the call:
      | Offering    |
      | Established |

  @OCTI-CALL-007
  Scenario: A caller who hangs up before anyone answers abandons the call
    When a customer calls queue "Sales" from 16175551212
    And the customer hangs up
    Then the desktop for 8808 gets, in order, for the call:
      | Offering  |
      | Abandoned |
    And the desktop for 8808 gets exactly one Abandoned for the call
    And nothing follows the Abandoned for the call on 8808

  @OCTI-CALL-008
  Scenario: The customer hangs up during the conversation
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers the call at the phone
    And the customer hangs up
    Then the desktop for 8808 gets, in order, for the call:
      | Offering     |
      | Established  |
      | Disconnected |
    And the desktop for 8808 gets exactly one Disconnected for the call
    And nothing follows the Disconnected for the call on 8808

  @OCTI-CALL-008
  Scenario: The CSR hangs up at the phone during the conversation
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers the call at the phone
    And the CSR on 8808 hangs up at the phone
    Then the desktop for 8808 gets, in order, for the call:
      | Offering     |
      | Established  |
      | Disconnected |
    And the desktop for 8808 gets exactly one Disconnected for the call
    And nothing follows the Disconnected for the call on 8808

  @OCTI-CALL-005 @OCTI-CALL-008
  Scenario: Both colleagues' desktops follow an internal call to its end
    Given a CSR monitors extension 8809
    When extension 8809 calls extension 8808
    And the CSR on 8808 answers the call at the phone
    And the CSR on 8809 hangs up at the phone
    Then the desktop for 8808 gets, in order, for the call:
      | Offering     |
      | Established  |
      | Disconnected |
    And the desktop for 8809 gets, in order, for the call:
      | Established  |
      | Disconnected |
    And the desktop for 8809 gets no Offering for the call

  @OCTI-EVT-001
  Scenario: Every event of a call's life matches Pega's event schema
    When a customer calls queue "Sales" from 16175551212 with call data:
      | AccountNumber | 4711-22 |
    And the CSR on 8808 answers the call at the phone
    And the customer hangs up
    Then the desktop for 8808 gets a Disconnected for the call
    And every event the desktops got matches Pega's event schema
