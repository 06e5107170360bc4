@only:agent-state
Feature: What agent-state management leaves to the phone
  With agent state management the CSR still controls calls on the phone. The adapter refuses
  call-control requests with a clear error.

  Background:
    Given the switch has extensions 8808 and 8809
    And a CSR monitors extension 8808

  @OCTI-MODE-005
  Scenario Outline: <activity> is refused in agent-state telephony
    Given a customer calls extension 8808 directly from 16175551212
    And the desktop for 8808 has got an Offering for the call
    When the desktop for 8808 asks for <activity>
    Then <activity> fails with OPENCTI_HTTP_ERROR_405 mentioning "agent state management"

    Examples:
      | activity           |
      | AnswerCall         |
      | HangUpCall         |
      | HoldCall           |
      | RetrieveCall       |
      | MakeCall           |
      | SendDTMF           |
      | ConsultationCall   |
      | ConferenceInitiate |
      | ConferenceComplete |
      | DropParty          |
      | TransferInitiate   |
      | TransferComplete   |
      | BlindTransfer      |

  @OCTI-MODE-008
  Scenario: A conference made at the phone brings no party info to the desktop
    Given a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the call at the phone
    When the CSR on 8808 conferences 8809 in at the phone
    Then the switch shows 8808 connected to the first call
    And the desktop for 8808 gets no party info
