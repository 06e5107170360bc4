@from:agent-state
Feature: What the ACD decides by itself
  The ACD changes agents' states without being asked — busy on a call, after-call work when it
  ends, Ready or Not Ready again after that — and a supervisor may step in. Queue calls go only
  to Ready agents, and a call nobody answers moves on. The desktop hears every change.

  Background:
    Given the switch has extensions 8808 and 8809
    And agent 5501 with password "1234" is known to the switch
    And agent 5502 with password "5678" is known to the switch

  @OCTI-AGT-007
  Scenario: Busy during a call, after-call work after it, then Ready again
    Given queue "Support" is dialled on 8100 and served by extension 8808
    And the ACD keeps agents in after-call work for 200 ms and then makes them Ready
    And the CSR on 8808 is logged in as agent 5501 and Ready
    When a customer calls queue "Support" from 16175551212
    And the CSR on 8808 answers the call at the phone
    And the customer hangs up
    Then the desktop for 8808 gets, in order, these agent state events:
      | event    | work mode |
      | Ready    |           |
      | NotReady | BUSY      |
      | NotReady | ACW       |
      | Ready    |           |

  @OCTI-AGT-008
  Scenario: A supervisor forces the agent Not Ready
    Given the CSR on 8808 is logged in as agent 5501 and Ready
    When a supervisor makes agent 5501 Not Ready with reason "SUP"
    Then the desktop for 8808 gets a NotReady agent state event with reason "SUP"

  @OCTI-AGT-008
  Scenario: A supervisor logs the agent out
    Given the CSR on 8808 is logged in as agent 5501
    When a supervisor logs agent 5501 out
    Then the desktop for 8808 gets a Logout agent state event

  @OCTI-AGT-009
  Scenario: A queue call pops only on the desktop of the Ready agent it rings at
    Given queue "Sales" is dialled on 8000 and served by extensions 8809 and 8808
    And the CSR on 8809 is logged in as agent 5502
    And the CSR on 8808 is logged in as agent 5501 and Ready
    When a customer calls queue "Sales" from 16175551212
    Then the desktop for 8808 gets an Offering for the call
    And the desktop for 8809 gets no Offering for the call

  @OCTI-AGT-010
  Scenario: A call nobody answers moves to the next Ready agent
    Given queue "Sales" is dialled on 8000 and served by extensions 8809 and 8808
    And the ACD stops ringing an agent after 300 ms
    And the CSR on 8809 is logged in as agent 5502 and Ready
    And the CSR on 8808 is logged in as agent 5501 and Ready
    When a customer calls queue "Sales" from 16175551212
    Then the desktop for 8809 gets, in order, for the call:
      | Offering     |
      | Disconnected |
    And the desktop for 8809 gets a NotReady agent state event
    And the desktop for 8808 gets an Offering for the call
