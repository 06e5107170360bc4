@from:simple
Feature: Monitoring extensions
  Pega Call asks the adapter to monitor an extension (SubscribeForEvents) when the CSR logs in,
  and to stop (UnSubscribeForEvents, CloseAdapter) when the CSR logs out. A desktop gets the
  events of the extensions it monitors, and only while it monitors them.

  Background:
    Given the switch has extensions 8808 and 8809

  @OCTI-SUB-001
  Scenario: Monitoring a known extension succeeds
    When the CSR on 8808 opens the adapter
    And the CSR on 8808 subscribes to extension 8808
    Then SubscribeForEvents succeeds

  @OCTI-SUB-002
  Scenario: Monitoring an extension the switch does not know is refused
    When the CSR on 8808 opens the adapter
    And the CSR on 8808 subscribes to extension 9999
    Then SubscribeForEvents fails with OPENCTI_HTTP_ERROR_404 mentioning "9999"

  @OCTI-SUB-003
  Scenario: Opening the adapter while the CTI server is down is refused
    Given the CTI server is down
    When the CSR on 8808 opens the adapter
    Then OpenAdapter fails with OPENCTI_HTTP_ERROR_503

  @OCTI-SUB-003
  Scenario: Monitoring while the CTI server is down is refused
    Given the CTI server is down
    When the CSR on 8808 subscribes to extension 8808
    Then SubscribeForEvents fails with OPENCTI_HTTP_ERROR_503

  @OCTI-SUB-004
  Scenario: Calls to an extension nobody monitors reach no desktop
    Given a CSR monitors extension 8808
    When a customer calls extension 8809 directly from 16175551212
    And the CSR on 8809 answers the call at the phone
    And the customer hangs up
    Then no desktop gets any event for extension 8809

  @OCTI-SUB-005
  Scenario: Nothing reaches the desktop after it stops monitoring
    Given a CSR monitors extension 8808
    When the CSR on 8808 unsubscribes from extension 8808
    And a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 answers the call at the phone
    Then UnSubscribeForEvents succeeded
    And the desktop for 8808 gets no event after that

  @OCTI-LIFE-002
  Scenario: Nothing reaches the desktop after the adapter is closed
    Given a CSR monitors extension 8808
    When the CSR on 8808 closes the adapter
    And a customer calls extension 8808 directly from 16175551212
    Then CloseAdapter succeeded
    And the desktop for 8808 gets no event after that

  @OCTI-LIFE-001
  Scenario: The CTI link's credentials are checked when the adapter opens
    Given the adapter's CTI link password is "not-the-password"
    When the CSR on 8808 opens the adapter
    Then OpenAdapter fails with OPENCTI_HTTP_ERROR_401

  @OCTI-EVT-002
  Scenario: Monitoring alone invents no call or agent state
    When the CSR on 8808 opens the adapter
    And the CSR on 8808 subscribes to extension 8808
    Then the desktop for 8808 gets no event
