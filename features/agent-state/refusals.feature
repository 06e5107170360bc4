@from:agent-state
Feature: What the ACD refuses
  A real ACD refuses requests that make no sense for the agent's state. Each refusal reaches the
  CSR as the documented OPENCTI_* code with a readable message, and changes nothing: no agent
  state event follows a refused request. Analysts: add a row to extend the matrix.

  Background:
    Given the switch has extensions 8808 and 8809
    And the ACD's reason codes are "3", "7", "12" and "SUP"
    And agent 5501 with password "1234" is known to the switch
    And the CSR on 8808 has opened the adapter

  @OCTI-AGT-011 @OCTI-AGT-012
  Scenario Outline: <request> is refused when the agent is <situation>
    Given agent 5501 is <situation>
    When the desktop for 8808 asks for <request>
    Then <activity> fails with <code>
    And the desktop for 8808 gets no agent state event after that

    Examples:
      | situation                        | request                                    | activity         | code                            |
      | logged out                       | LoginAgent with password "0000"            | LoginAgent       | OPENCTI_HTTP_ERROR_401          |
      | logged in on 8809                | LoginAgent with password "1234"            | LoginAgent       | OPENCTI_AGENT_LOGGED_IN         |
      | logged out                       | SetAgentReady                              | SetAgentReady    | OPENCTI_AGENT_NOT_LOGGED_IN     |
      | logged out                       | SetAgentNotReady with reason "7"           | SetAgentNotReady | OPENCTI_AGENT_NOT_LOGGED_IN     |
      | Ready on 8808                    | SetAgentReady                              | SetAgentReady    | OPENCTI_IN_SAME_STATE           |
      | Not Ready on 8808 with reason "7" | SetAgentNotReady with reason "7"          | SetAgentNotReady | OPENCTI_IN_SAME_STATE           |
      | Ready on 8808                    | SetAgentNotReady with reason "99"          | SetAgentNotReady | OPENCTI_CF_GENERIC_OPERATION    |
      | on a call on 8808                | LogoutAgent                                | LogoutAgent      | OPENCTI_CF_INVALID_OBJECT_STATE |
