@from:simple
Feature: Call waiting
  A real switch lets a second call ring on an extension that is already talking (call waiting):
  the CSR hears a tone and may answer it. The desktop must pop the second call as a call of its
  own, with its own call id, and keep following the first one (decision 0061).

  Background:
    Given the switch has extensions 8808 and 8809
    And extension 8808 has call waiting
    And a CSR monitors extension 8808
    And a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the first call at the phone

  @OCTI-CALL-010
  Scenario: A second call ringing during a conversation pops as a call of its own
    When a customer calls extension 8808 directly from 16175550000
    Then the desktop for 8808 gets an Offering for the second call carrying:
      | pyANI      | 16175550000 |
      | pyDNIS     | 8808        |
      | pyCallType | INBOUND     |
    And the first call and the second call have different call ids
    And the desktop for 8808 gets exactly one Offering for the first call

  @OCTI-CALL-010
  Scenario: The first call ends on the desktop while the second one rings
    When extension 8809 calls extension 8808
    And the caller of the first call hangs up
    Then the desktop for 8808 gets a Disconnected for the first call
    And nothing follows the Disconnected for the first call on 8808
    And the desktop for 8808 gets no Abandoned for the second call
    And the desktop for 8808 gets no Disconnected for the second call

  @OCTI-CALL-010
  Scenario: The waiting call answered at the phone, then each call ends on its own
    When a customer calls extension 8808 directly from 16175550000
    And the CSR on 8808 answers the second call at the phone
    And the caller of the second call hangs up
    And the caller of the first call hangs up
    Then the desktop for 8808 gets, in order, for the second call:
      | Offering     |
      | Established  |
      | Disconnected |
    And the desktop for 8808 gets exactly one Disconnected for the first call
