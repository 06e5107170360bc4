@from:full
Feature: Glare: when the desktop and the switch cross
  A request and a switch event can cross on the wire: the CSR clicks Answer just as the caller
  gives up. Either side may reach the switch first, and each example plays one of the two. Whatever
  happens, the request gets an answer that fits what the switch saw, and once things settle the
  desktop shows what the switch holds.

  Background:
    Given the switch has extensions 8808 and 8809
    And a CSR monitors extension 8808

  @OCTI-FULL-015
  Scenario Outline: Answer crosses the caller hanging up, <first> first
    Given a customer calls extension 8808 directly from 16175551212
    And the desktop for 8808 has got an Offering for the call
    When the CSR on 8808 answers the call just as the customer hangs up, <first> first
    Then AnswerCall succeeded or failed with OPENCTI_CF_INVALID_OBJECT_STATE
    And the desktop for 8808 agrees with the switch

    Examples:
      | first       |
      | the desktop |
      | the switch  |

  @OCTI-FULL-015
  Scenario Outline: Hold crosses the customer hanging up, <first> first
    Given a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the call
    When the CSR on 8808 puts the call on hold just as the customer hangs up, <first> first
    Then HoldCall succeeded or failed with OPENCTI_CF_INVALID_OBJECT_STATE
    And the desktop for 8808 agrees with the switch

    Examples:
      | first       |
      | the desktop |
      | the switch  |

  @OCTI-FULL-015
  Scenario Outline: Completing a transfer crosses the colleague hanging up, <first> first
    Given a CSR monitors extension 8809
    And a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the call
    And the CSR on 8808 has asked for TransferInitiate of the first call to 8809
    And the CSR on 8809 has answered the second call
    When the CSR on 8808 completes the transfer just as 8809 hangs up, <first> first
    Then TransferComplete succeeded or failed with OPENCTI_CF_INVALID_OBJECT_STATE
    And the desktop for 8808 agrees with the switch
    And the desktop for 8809 agrees with the switch

    Examples:
      | first       |
      | the desktop |
      | the switch  |

  @OCTI-FULL-015
  Scenario Outline: Not Ready crosses a queue call starting to ring, <first> first
    Given agent 5501 with password "1234" is known to the switch
    And queue "Sales" is dialled on 8000 and served by extension 8808
    And the CSR on 8808 is logged in as agent 5501 and Ready
    When the CSR on 8808 makes agent 5501 Not Ready just as a customer calls queue "Sales" from 16175551212, <first> first
    Then SetAgentNotReady succeeded or failed with OPENCTI_CF_INVALID_OBJECT_STATE
    And the desktop for 8808 agrees with the switch

    Examples:
      | first       |
      | the desktop |
      | the switch  |

  @OCTI-FULL-015
  Scenario Outline: Logout crosses a call being answered at the phone, <first> first
    Given agent 5501 with password "1234" is known to the switch
    And the CSR on 8808 is logged in as agent 5501 and Ready
    And a customer calls extension 8808 directly from 16175551212
    And the desktop for 8808 has got an Offering for the call
    When the CSR on 8808 logs out as agent 5501 just as the call is answered at the phone, <first> first
    Then LogoutAgent succeeded or failed with OPENCTI_CF_INVALID_OBJECT_STATE
    And the desktop for 8808 agrees with the switch

    Examples:
      | first       |
      | the desktop |
      | the switch  |
