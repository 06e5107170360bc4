@only:simple
Feature: What Simple telephony leaves to the phone
  In Simple telephony the CSR manages agent state and call control on the phone, not on the Pega
  desktop. The adapter refuses those requests with a clear error, and agent-state events never
  reach the desktop. LoginAgent and LogoutAgent only start and stop monitoring the extension.

  Background:
    Given the switch has extensions 8808 and 8809
    And a CSR monitors extension 8808

  @OCTI-MODE-001
  Scenario Outline: <activity> is refused in Simple telephony
    When the desktop for 8808 asks for <activity>
    Then <activity> fails with OPENCTI_HTTP_ERROR_405 mentioning "Simple telephony"

    Examples:
      | activity         |
      | SetAgentReady    |
      | SetAgentNotReady |

  @OCTI-MODE-002
  Scenario Outline: <activity> is refused in Simple telephony
    Given a customer calls extension 8808 directly from 16175551212
    And the desktop for 8808 has got an Offering for the call
    When the desktop for 8808 asks for <activity>
    Then <activity> fails with OPENCTI_HTTP_ERROR_405 mentioning "Simple telephony"

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

  @OCTI-MODE-003
  Scenario: Agent state changed at the phone does not reach the desktop
    Given agent 5501 with password "1234" is known to the switch
    When agent 5501 logs in at the phone on 8808
    And agent 5501 goes Ready at the phone on 8808
    And agent 5501 goes Not Ready at the phone on 8808 with reason "7"
    And a customer calls extension 8808 directly from 16175551212
    Then the desktop for 8808 gets an Offering for the call
    And the desktop for 8808 gets no agent state event

  @OCTI-MODE-004
  Scenario: LoginAgent monitors the extension without an ACD login
    Given agent 5501 with password "1234" is known to the switch
    When the CSR on 8809 logs in as agent 5501 with password "1234"
    And a customer calls extension 8809 directly from 16175551212
    Then LoginAgent succeeded
    And the desktop for 8809 gets an Offering for the call
    And the switch shows agent 5501 logged out

  @OCTI-MODE-004
  Scenario: LogoutAgent stops monitoring and closes the adapter
    When the CSR on 8808 logs out as agent 5501
    And a customer calls extension 8808 directly from 16175551212
    Then LogoutAgent succeeded
    And the desktop for 8808 gets no event after that

  @OCTI-MODE-007
  Scenario: A conference made at the phone brings no party info to the desktop
    Given a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the call at the phone
    When the CSR on 8808 conferences 8809 in at the phone
    Then the switch shows 8808 connected to the first call
    And the desktop for 8808 gets no party info
