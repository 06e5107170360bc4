@from:agent-state
Feature: Logging in and out from the desktop
  With agent state management the CSR logs in to the ACD from the Pega desktop. The adapter
  logs the agent in on the CSR's extension, and the desktop hears the result from the CTI
  server — the Login event and a snapshot of the agent's state — never from the adapter's hopes.

  Background:
    Given the switch has extensions 8808 and 8809
    And agent 5501 with password "1234" is known to the switch

  @OCTI-AGT-001
  Scenario: Logging in from the desktop logs the agent in at the ACD
    When the CSR on 8808 logs in as agent 5501 with password "1234"
    Then LoginAgent succeeded
    And the desktop for 8808 gets a Login agent state event
    And the switch shows agent 5501 logged in on 8808

  @OCTI-AGT-006
  Scenario: A snapshot of the agent's state follows the login
    When the CSR on 8808 logs in as agent 5501 with password "1234"
    Then the desktop for 8808 gets a snapshot carrying:
      | pyAgentId     | 5501      |
      | pyAgentState  | Login     |
      | pyDeviceState | OPENED    |
      | pyLinkState   | CONNECTED |

  @OCTI-AGT-005
  Scenario: Logging out with a reason code
    Given the CSR on 8808 is logged in as agent 5501
    When the CSR on 8808 logs out as agent 5501 with reason "3"
    Then LogoutAgent succeeded
    And the desktop for 8808 gets a Logout agent state event with reason "3"
    And the switch shows agent 5501 logged out

  @OCTI-AGT-006
  Scenario: A snapshot follows the logout
    Given the CSR on 8808 is logged in as agent 5501
    When the CSR on 8808 logs out as agent 5501 with reason "3"
    Then the desktop for 8808 gets a snapshot carrying:
      | pyAgentState  | Logout |
      | pyDeviceState | CLOSED |

  @OCTI-AGT-005
  Scenario: After logout the desktop no longer hears the extension
    Given the CSR on 8808 is logged in as agent 5501
    When the CSR on 8808 logs out as agent 5501 with reason "3"
    And a customer calls extension 8808 directly from 16175551212
    Then the desktop for 8808 gets no Offering for the call
