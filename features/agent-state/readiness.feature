@from:agent-state
Feature: Ready and Not Ready from the desktop
  The CSR tells the ACD whether they can take calls. Ready means queue calls may be routed to
  them; Not Ready carries a reason code; after-call work is Not Ready while wrapping up.
  Whatever the desktop asked, it shows what the ACD reports.

  Background:
    Given the switch has extensions 8808 and 8809
    And agent 5501 with password "1234" is known to the switch
    And the CSR on 8808 is logged in as agent 5501

  @OCTI-AGT-002
  Scenario: Going Ready
    When the CSR on 8808 makes agent 5501 Ready
    Then SetAgentReady succeeded
    And the desktop for 8808 gets exactly one Ready agent state event
    And the switch shows agent 5501 Ready

  @OCTI-AGT-002
  Scenario: A Ready event the CTI link delivers twice reaches the desktop once
    Given the CTI link will duplicate the next event about extension 8808
    When the CSR on 8808 makes agent 5501 Ready
    Then SetAgentReady succeeded
    And the desktop for 8808 gets exactly one Ready agent state event

  @OCTI-AGT-013
  Scenario: A Ready whose event the CTI link loses is not shown
    Given the CTI link will lose the next event about extension 8808
    When the CSR on 8808 makes agent 5501 Ready
    Then SetAgentReady succeeded
    And the switch shows agent 5501 Ready
    And the desktop for 8808 gets no agent state event after that

  @OCTI-AGT-013
  Scenario: A Not Ready whose event the CTI link loses is not shown
    Given the CTI link will lose the next event about extension 8808
    When the CSR on 8808 makes agent 5501 Not Ready with reason "7"
    Then SetAgentNotReady succeeded
    And the switch shows agent 5501 Not Ready with reason "7"
    And the desktop for 8808 gets no agent state event after that

  @OCTI-AGT-003
  Scenario: Going Not Ready with a reason code
    When the CSR on 8808 makes agent 5501 Not Ready with reason "7"
    Then SetAgentNotReady succeeded
    And the desktop for 8808 gets a NotReady agent state event with reason "7"
    And the switch shows agent 5501 Not Ready with reason "7"

  @OCTI-AGT-003
  Scenario: A reason code chosen at the phone reaches the desktop
    When agent 5501 goes Not Ready at the phone on 8808 with reason "12"
    Then the desktop for 8808 gets a NotReady agent state event with reason "12"

  @OCTI-AGT-004
  Scenario: Choosing after-call work
    When the CSR on 8808 starts after-call work as agent 5501
    Then SetAgentNotReady succeeded
    And the desktop for 8808 gets a NotReady agent state event with work mode "ACW"
    And the switch shows agent 5501 in after-call work
