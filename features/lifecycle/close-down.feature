@from:simple @OCTI-LIFE-003
Feature: Closing down leaves nothing open at the switch
  When the CSR logs out of the desktop, Pega closes the adapter. An adapter that stops telling the
  desktop but keeps its CTI session or its monitors open wastes the switch's licences and keeps
  receiving events nobody reads. The switch's own view says what is still open.

  Background:
    Given the switch has extensions 8808 and 8809

  Scenario: Closing the adapter ends its CTI session and its monitors
    Given a CSR monitors extension 8808
    When the CSR on 8808 closes the adapter
    Then CloseAdapter succeeded
    And the switch holds no CTI session and no monitor

  Scenario: Unsubscribing stops the extension's monitor at the switch
    Given a CSR monitors extension 8808
    When the CSR on 8808 unsubscribes from extension 8808
    Then UnSubscribeForEvents succeeded
    And the switch holds no monitor of extension 8808

  Scenario: Logging out closes the adapter's CTI session and its monitors
    Given agent 5501 with password "1234" is known to the switch
    And the CSR on 8808 has opened the adapter
    When the CSR on 8808 logs in as agent 5501 with password "1234"
    And the CSR on 8808 logs out as agent 5501
    Then LogoutAgent succeeded
    And the switch holds no CTI session and no monitor
