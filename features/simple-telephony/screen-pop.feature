@from:simple
Feature: Screen pop for incoming calls
  In every telephony mode, a call ringing on a CSR's extension pops the customer's details on
  the Pega desktop: one Offering per call, carrying who called, what they dialled and the data
  the IVR attached. Pega starts call treatment (screen pop, interaction) from this Offering.

  Background:
    Given the switch has extensions 8808 and 8809
    And queue "Sales" is dialled on 8000 and served by extension 8808
    And a CSR monitors extension 8808

  @OCTI-CALL-001 @OCTI-SUB-001
  Scenario: A queue call pops the caller's number and the number they dialled
    When a customer calls queue "Sales" from 16175551212
    Then the desktop for 8808 gets an Offering for the call carrying:
      | pyANI      | 16175551212 |
      | pyDNIS     | 8000        |
      | pyOtherDN  | 16175551212 |
      | pyCallType | INBOUND     |
      | pyMedia    | Phone       |

  @OCTI-CALL-002
  Scenario: Call data attached by the IVR reaches the desktop with the Offering
    When a customer calls queue "Sales" from 16175551212 with call data:
      | AccountNumber | 4711-22 |
      | Intent        | billing |
    Then the desktop for 8808 gets an Offering for the call with call data:
      | AccountNumber | 4711-22 |
      | Intent        | billing |

  @OCTI-CALL-003
  Scenario: A call pops exactly once, however long it lasts
    When a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 answers the call at the phone
    And the customer hangs up
    Then the desktop for 8808 gets a Disconnected for the call
    And the desktop for 8808 gets exactly one Offering for the call

  @OCTI-CALL-003
  Scenario: A ringing event the CTI link delivers twice pops once
    Given the CTI link will duplicate the next event about extension 8808
    When a customer calls extension 8808 directly from 16175551212
    Then the desktop for 8808 gets exactly one Offering for the call

  @OCTI-CALL-004
  Scenario: A customer who dials the extension directly pops with the extension as dialled number
    When a customer calls extension 8808 directly from 442079460000
    Then the desktop for 8808 gets an Offering for the call carrying:
      | pyANI      | 442079460000 |
      | pyDNIS     | 8808         |
      | pyOtherDN  | 442079460000 |
      | pyCallType | INBOUND      |

  @OCTI-CALL-005
  Scenario: A colleague's call pops as an internal call
    When extension 8809 calls extension 8808
    Then the desktop for 8808 gets an Offering for the call carrying:
      | pyANI      | 8809     |
      | pyOtherDN  | 8809     |
      | pyCallType | INTERNAL |

  @OCTI-CALL-009
  Scenario: Two calls in a row are two distinct screen pops
    When a customer calls queue "Sales" from 16175551212
    And the customer hangs up
    And a customer calls queue "Sales" from 16175550000
    Then the desktop for 8808 gets an Offering for the first call carrying:
      | pyANI | 16175551212 |
    And the desktop for 8808 gets an Offering for the second call carrying:
      | pyANI | 16175550000 |
    And the first call and the second call have different call ids

  @OCTI-CALL-011
  Scenario: A call id the switch gives again, once its call has ended, pops as a new call
    Given the switch gives a call's id again once the call has ended
    When a customer calls queue "Sales" from 16175551212 with call data:
      | AccountNumber | 4711-22 |
    And the CSR on 8808 answers the call at the phone
    And the customer hangs up
    And the desktop for 8808 gets a Disconnected for the call
    And extension 8809 calls extension 8808
    Then the desktop for 8808 gets an Offering for the second call carrying:
      | pyANI      | 8809     |
      | pyOtherDN  | 8809     |
      | pyCallType | INTERNAL |
