@from:full
Feature: Consult, warm transfer and blind transfer
  The CSR on 8808 has a customer who needs a colleague. A consult holds the customer and calls the
  colleague on a consult call (CONSULT on both desktops). Completing the transfer leaves the customer
  with the colleague, call data included; cancelling returns the CSR to the customer. A blind
  transfer sends the customer on in one step.

  Background:
    Given the switch has extensions 8808 and 8809
    And queue "Sales" is dialled on 8000 and served by extension 8808
    And a CSR monitors extension 8808
    And a CSR monitors extension 8809
    And a customer calls queue "Sales" from 16175551212 with call data:
      | AccountNumber | 4711-22 |
    And the CSR on 8808 has answered the call

  @OCTI-FULL-007
  Scenario Outline: <activity> holds the customer and calls the colleague on a consult call
    When the CSR on 8808 asks for <activity> of the first call to 8809
    Then <activity> succeeds
    And the switch shows 8808 holding the first call
    And the desktop for 8808 gets an Initiated for the second call carrying:
      | pyCallType | CONSULT |
      | pyOtherDN  | 8809    |
    And the desktop for 8809 gets an Offering for the second call carrying:
      | pyCallType | CONSULT |
      | pyANI      | 8808    |

    Examples:
      | activity           |
      | ConsultationCall   |
      | TransferInitiate   |
      | ConferenceInitiate |

  @OCTI-FULL-007
  Scenario: A consult call stays CONSULT for its whole life
    When the CSR on 8808 asks for TransferInitiate of the first call to 8809
    And the CSR on 8809 answers the second call
    And the CSR on 8809 hangs up the second call
    Then the desktop for 8809 gets a Disconnected for the second call
    And every event for the second call on 8808 and 8809 has pyCallType CONSULT

  @OCTI-FULL-008
  Scenario: Warm transfer leaves the customer with the colleague
    When the CSR on 8808 asks for TransferInitiate of the first call to 8809
    And the CSR on 8809 answers the second call
    And the CSR on 8808 completes the transfer
    Then TransferComplete succeeds
    And the desktop for 8808 gets a Disconnected for the first call
    And the desktop for 8808 gets a Disconnected for the second call
    And the desktop for 8809 gets party info for the first call listing 8809 and 16175551212
    And the switch shows 8809 connected to the first call
    And the desktop for 8808 agrees with the switch
    And the desktop for 8809 agrees with the switch

  @OCTI-FULL-008
  Scenario: A warm transfer whose page names only the held call still transfers the customer
    When the CSR on 8808 asks for TransferInitiate of the first call to 8809
    And the CSR on 8809 answers the second call
    And the CSR on 8808 asks for TransferComplete naming only the first call
    Then TransferComplete succeeds
    And the desktop for 8808 gets a Disconnected for the first call
    And the switch shows 8809 connected to the first call
    And the desktop for 8808 agrees with the switch

  @OCTI-FULL-008
  Scenario: A warm transfer whose page names only the consult call still transfers the customer
    When the CSR on 8808 asks for TransferInitiate of the first call to 8809
    And the CSR on 8809 answers the second call
    And the CSR on 8808 asks for TransferComplete naming only the second call
    Then TransferComplete succeeds
    And the desktop for 8808 gets a Disconnected for the first call
    And the switch shows 8809 connected to the first call

  @OCTI-FULL-014
  Scenario: A warm transfer whose page names only a call the switch does not list is refused
    When the CSR on 8808 asks for TransferInitiate of the first call to 8809
    And the CSR on 8809 answers the second call
    And the desktop for 8808 has got an Established for the second call
    And the CSR on 8808 asks for TransferComplete naming only a call the switch does not list there
    Then TransferComplete fails with OPENCTI_CF_INVALID_OBJECT_STATE
    And the desktop for 8808 gets no event after that

  @OCTI-FULL-007
  Scenario: The transferred customer reaches the colleague as a consult call with the caller's number
    When the CSR on 8808 asks for TransferInitiate of the first call to 8809
    And the CSR on 8809 answers the second call
    And the CSR on 8808 completes the transfer
    Then the desktop for 8809 gets an Established for the first call carrying:
      | pyANI      | 16175551212 |
      | pyCallType | CONSULT     |

  @OCTI-FULL-012
  Scenario: Call data travels with a warm transfer
    When the CSR on 8808 asks for TransferInitiate of the first call to 8809
    And the CSR on 8809 answers the second call
    And the CSR on 8808 completes the transfer
    Then the desktop for 8809 gets an Established for the first call with call data:
      | AccountNumber | 4711-22 |

  @OCTI-FULL-009
  Scenario: Blind transfer sends the customer on in one step
    When the CSR on 8808 transfers the first call blind to 8809
    Then BlindTransfer succeeds
    And the desktop for 8808 gets a Disconnected for the first call
    And the desktop for 8809 gets an Offering for the first call carrying:
      | pyANI | 16175551212 |
    And the desktop for 8808 agrees with the switch

  @OCTI-FULL-012
  Scenario: Call data travels with a blind transfer
    When the CSR on 8808 transfers the first call blind to 8809
    Then the desktop for 8809 gets an Offering for the first call with call data:
      | AccountNumber | 4711-22 |

  @OCTI-FULL-013
  Scenario: A consult the CSR cancels returns them to the customer
    When the CSR on 8808 asks for ConsultationCall of the first call to 8809
    And the CSR on 8809 answers the second call
    And the CSR on 8808 hangs up the second call
    And the CSR on 8808 retrieves the first call
    Then RetrieveCall succeeds
    And the desktop for 8808 gets a Disconnected for the second call
    And the desktop for 8808 gets a Retrieved for the first call
    And the switch shows 8808 connected to the first call
    And the desktop for 8809 agrees with the switch
