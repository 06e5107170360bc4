@from:full
Feature: Calls the CSR places from the desktop
  MakeCall dials from the CSR's extension. The caller's desktop follows the call from Initiated;
  a colleague's desktop pops it as an internal call; an outside number is an OUTBOUND call. Calls
  that cannot be placed fail with their code, or end on the desktop when the far end turns out
  busy or never answers.

  Background:
    Given the switch has extensions 8808 and 8809
    And the dial plan knows the outside numbers 16175550100, 16175550101, 16175550102 and 19005550000
    And the dial plan bars 19005550000
    And a CSR monitors extension 8808

  @OCTI-FULL-004
  Scenario: Calling a customer who answers
    Given the outside number 16175550100 answers after 50 ms
    When the CSR on 8808 calls 16175550100
    Then MakeCall succeeds
    And the desktop for 8808 gets, in order, for the call:
      | Initiated   |
      | Alerting    |
      | Established |
    And the desktop for 8808 gets an Established for the call carrying:
      | pyCallType | OUTBOUND    |
      | pyOtherDN  | 16175550100 |

  @OCTI-FULL-004
  Scenario: Calling a customer who lets it ring before answering
    When the CSR on 8808 calls 16175550100
    Then MakeCall succeeds
    And the desktop for 8808 gets, in order, for the call:
      | Initiated |
      | Alerting  |
    And the desktop for 8808 gets no Established for the call
    When the far end of the call answers
    Then the desktop for 8808 gets, in order, for the call:
      | Initiated   |
      | Alerting    |
      | Established |
    And the desktop for 8808 gets an Established for the call carrying:
      | pyCallType | OUTBOUND    |
      | pyOtherDN  | 16175550100 |
    And the switch shows 8808 connected to the call

  @OCTI-FULL-004
  Scenario: Calling a colleague pops an internal call on their desktop
    Given a CSR monitors extension 8809
    When the CSR on 8808 calls 8809
    And the CSR on 8809 answers the call
    Then the desktop for 8809 gets an Offering for the call carrying:
      | pyCallType | INTERNAL |
      | pyANI      | 8808     |
    And the desktop for 8808 gets, in order, for the call:
      | Initiated   |
      | Alerting    |
      | Established |
    And the desktop for 8808 gets an Established for the call carrying:
      | pyCallType | INTERNAL |

  @OCTI-FULL-005
  Scenario Outline: A call to a number <why> is refused
    When the CSR on 8808 calls <number>
    Then MakeCall fails with <code>
    And the desktop for 8808 gets no event after that

    Examples:
      | why                       | number      | code                           |
      | outside the dial plan     | 16175559999 | OPENCTI_CF_INVALID_DESTINATION |
      | the dial plan bars        | 19005550000 | OPENCTI_CALL_REJECTED          |

  @OCTI-FULL-005
  Scenario: A call to a colleague who is on a call is refused as busy
    Given a customer calls extension 8809 directly from 16175551212
    And the CSR on 8809 has answered the call at the phone
    When the CSR on 8808 calls 8809
    Then MakeCall fails with OPENCTI_DEST_BUSY
    And the desktop for 8808 gets no event after that

  @OCTI-FULL-005
  Scenario: An outside number that is busy ends the call on the desktop, saying it was busy
    Given the outside number 16175550101 is busy
    When the CSR on 8808 calls 16175550101
    Then MakeCall succeeds
    And the desktop for 8808 gets a Disconnected for the call carrying:
      | pyCallState | Busy |
    And the desktop for 8808 gets exactly one Disconnected for the call
    And nothing follows the Disconnected for the call on 8808
    And the switch shows no call at 8808

  @OCTI-FULL-005
  Scenario: An outside number that never answers ends the call on the desktop, saying it was not answered
    Given the outside number 16175550102 rings unanswered until the switch gives up after 100 ms
    When the CSR on 8808 calls 16175550102
    Then the desktop for 8808 gets, in order, for the call:
      | Initiated    |
      | Alerting     |
      | Disconnected |
    And the desktop for 8808 gets a Disconnected for the call carrying:
      | pyCallState | NoAnswer |
    And the switch shows no call at 8808

  @OCTI-FULL-006
  Scenario: Sending digits on a connected call
    Given the outside number 16175550100 answers after 0 ms
    When the CSR on 8808 calls 16175550100
    And the desktop for 8808 gets an Established for the call
    And the CSR on 8808 sends the digits "4711#" on the call
    Then SendDTMF succeeds
    And the switch heard the digits "4711#" from 8808 on the call
