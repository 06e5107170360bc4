@from:agent-state
Feature: The same call in Simple and in agent-state telephony
  Agent state management adds to Simple telephony; it changes nothing about the screen pop.
  One CSR's adapter runs in Simple telephony, the other's in the claimed mode: the same call
  story pops the same screen on both, and only the agent-state desktop hears the agent.

  @OCTI-MODE-006
  Scenario: The same call pops the same screen in both modes
    Given the switch has extensions 8808 and 8809
    And agent 5501 with password "1234" is known to the switch
    And agent 5502 with password "5678" is known to the switch
    And a CSR monitors extension 8808 with the adapter in Simple telephony
    And a CSR monitors extension 8809
    When agent 5501 logs in at the phone on 8808
    And agent 5502 logs in at the phone on 8809
    And a customer calls extension 8808 directly from 16175551212 with call data:
      | AccountNumber | 4711-22 |
    And a customer calls extension 8809 directly from 16175551212 with call data:
      | AccountNumber | 4711-22 |
    Then the desktop for 8808 gets an Offering for the first call with call data:
      | AccountNumber | 4711-22 |
    And the desktop for 8809 gets an Offering for the second call with call data:
      | AccountNumber | 4711-22 |
    And the Offerings of the first call on 8808 and the second call on 8809 carry the same caller details
    And the desktop for 8809 gets a Login agent state event
    And the desktop for 8808 gets no agent state event
