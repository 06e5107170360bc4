@from:full
Feature: Hold and retrieve
  The CSR puts the customer on hold and takes them back from the desktop. Held and Retrieved come
  from the switch; Retrieved never comes without Held before it.

  Background:
    Given the switch has extensions 8808 and 8809
    And queue "Sales" is dialled on 8000 and served by extension 8808
    And a CSR monitors extension 8808
    And a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 has answered the call

  @OCTI-FULL-003
  Scenario: Hold, then retrieve
    When the CSR on 8808 puts the call on hold
    Then HoldCall succeeds
    And the desktop for 8808 gets a Held for the call
    When the CSR on 8808 retrieves the call
    Then RetrieveCall succeeds
    And the desktop for 8808 gets, in order, for the call:
      | Offering    |
      | Established |
      | Held        |
      | Retrieved   |
    And the desktop for 8808 gets exactly one Retrieved for the call
    And the switch shows 8808 connected to the call

  @OCTI-FULL-003
  Scenario: A held call stays held on the desktop until it is retrieved
    When the CSR on 8808 puts the call on hold
    Then the desktop for 8808 gets a Held for the call
    And the desktop for 8808 gets no Retrieved for the call
    And the switch shows 8808 holding the call

  @OCTI-FULL-003
  Scenario: A call held at the phone is retrieved from the desktop
    When the CSR on 8808 puts their call on hold at the phone
    Then the desktop for 8808 gets a Held for the call
    When the CSR on 8808 retrieves the call
    Then RetrieveCall succeeds
    And the desktop for 8808 gets, in order, for the call:
      | Offering    |
      | Established |
      | Held        |
      | Retrieved   |
    And the switch shows 8808 connected to the call

  @OCTI-FULL-003
  Scenario: A call held from the desktop is retrieved at the phone
    When the CSR on 8808 puts the call on hold
    Then HoldCall succeeds
    And the desktop for 8808 gets a Held for the call
    When the CSR on 8808 retrieves their held call at the phone
    Then the desktop for 8808 gets, in order, for the call:
      | Offering    |
      | Established |
      | Held        |
      | Retrieved   |
    And the desktop for 8808 agrees with the switch

  @OCTI-FULL-016
  Scenario: The customer hangs up while on hold
    When the CSR on 8808 puts the call on hold
    And the desktop for 8808 gets a Held for the call
    And the customer hangs up
    Then the desktop for 8808 gets exactly one Disconnected for the call
    And nothing follows the Disconnected for the call on 8808

  @OCTI-FULL-017
  Scenario: A hold whose Held event is lost on the way is not shown held
    Given the CTI link will lose the next event about extension 8808
    When the CSR on 8808 puts the call on hold
    Then HoldCall succeeds
    And the switch shows 8808 holding the call
    And the desktop for 8808 gets no Held for the call
