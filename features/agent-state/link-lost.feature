@from:agent-state
Feature: The agent's state across a lost CTI link
  While the link is down the ACD goes on: a supervisor makes the agent Not Ready, the agent starts
  after-call work or takes a call at the phone. When the link is back, the snapshot the desktop
  gets shows the agent as the ACD holds them now, not as the desktop last heard.

  Background:
    Given the switch has extensions 8808 and 8809
    And agent 5501 with password "1234" is known to the switch
    And the CSR on 8808 is logged in as agent 5501 and Ready

  @OCTI-AGT-014
  Scenario: An agent made Not Ready while the link was down shows Not Ready with the reason
    Given the CTI link will drop at the next frame to the adapter
    When a supervisor makes agent 5501 Not Ready with reason "7"
    Then the desktop for 8808 gets, in order, snapshots carrying:
      | pyLinkState  | pyAgentId | pyAgentState | pyReasonCode | pyWorkMode |
      | DISCONNECTED | 5501      | Unknown      | (empty)      | (empty)    |
      | CONNECTED    | 5501      | NotReady     | 7            | (empty)    |

  @OCTI-AGT-014
  Scenario: An agent in after-call work when the link comes back shows after-call work
    Given the CTI link will drop at the next frame to the adapter
    When agent 5501 starts after-call work at the phone on 8808
    Then the desktop for 8808 gets, in order, snapshots carrying:
      | pyLinkState  | pyAgentState | pyReasonCode | pyWorkMode |
      | DISCONNECTED | Unknown      | (empty)      | (empty)    |
      | CONNECTED    | NotReady     | (empty)      | ACW        |

  @OCTI-AGT-014
  Scenario: An agent on a call when the link comes back shows Busy
    Given a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the call at the phone
    And the desktop for 8808 has got an Established for the call
    And the CTI link will drop at the next frame to the adapter
    When the CSR on 8808 puts their call on hold at the phone
    Then the desktop for 8808 gets, in order, snapshots carrying:
      | pyLinkState  | pyAgentState | pyReasonCode | pyWorkMode |
      | DISCONNECTED | Unknown      | (empty)      | (empty)    |
      | CONNECTED    | Busy         | (empty)      | BUSY       |
