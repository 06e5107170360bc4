@from:full
Feature: Answering and hanging up on the desktop
  In Full telephony the CSR controls calls from the Pega desktop. A request only asks the switch;
  what the desktop shows comes from the switch's events.

  Background:
    Given the switch has extensions 8808 and 8809
    And queue "Sales" is dialled on 8000 and served by extension 8808
    And a CSR monitors extension 8808

  @OCTI-FULL-001
  Scenario: The CSR answers a ringing call from the desktop
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers the call
    Then AnswerCall succeeds
    And the desktop for 8808 gets, in order, for the call:
      | Offering    |
      | Established |
    And the switch shows 8808 connected to the call

  @OCTI-FULL-001
  Scenario: Answering without naming the call answers the one that rings
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers without naming the call
    Then AnswerCall succeeds
    And the desktop for 8808 gets an Established for the call

  @OCTI-FULL-002
  Scenario: The CSR hangs up from the desktop
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers the call
    And the CSR on 8808 hangs up the call
    Then HangUpCall succeeds
    And the desktop for 8808 gets, in order, for the call:
      | Offering     |
      | Established  |
      | Disconnected |
    And the desktop for 8808 gets exactly one Disconnected for the call
    And the switch shows no call at 8808

  @OCTI-FULL-002
  Scenario: Hanging up an internal call ends it on the colleague's desktop too
    Given a CSR monitors extension 8809
    When extension 8809 calls extension 8808
    And the CSR on 8808 answers the call
    And the CSR on 8808 hangs up the call
    Then the desktop for 8809 gets a Disconnected for the call
    And the desktop for 8808 gets a Disconnected for the call
