@from:simple @OCTI-SEC-001
Feature: Credentials stay secret
  The adapter is given the CTI link's password and, at login, the agent's password. It must never
  write them anywhere the lab can read: its logs (as it writes them, before any redaction), the
  answers it gives the desktop, the events it hands over.

  Background:
    Given the switch has extensions 8808 and 8809
    And agent 5501 with password "agent-pw-5501x" is known to the switch

  Scenario: A CSR's working day leaks no credential
    Given the CSR on 8808 has opened the adapter
    When the CSR on 8808 logs in as agent 5501 with password "agent-pw-5501x"
    And a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 answers the call at the phone
    And the customer hangs up
    And the CSR on 8808 logs out as agent 5501
    Then no credential the adapter was given shows in its logs, answers or events

  Scenario: A CTI link password the switch refuses stays secret
    Given the adapter's CTI link password is "not-the-link-pw-9Zk"
    When the CSR on 8808 opens the adapter
    Then OpenAdapter fails with OPENCTI_HTTP_ERROR_401
    And no credential the adapter was given shows in its logs, answers or events

  Scenario: A wrong agent password stays secret
    Given the CSR on 8808 has opened the adapter
    When the CSR on 8808 logs in as agent 5501 with password "wrong-pw-0000x"
    Then no credential the adapter was given shows in its logs, answers or events
