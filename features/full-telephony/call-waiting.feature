@from:full
Feature: Answering a waiting call from the desktop
  With call waiting a second call rings while the CSR talks. AnswerCall without a CallID answers
  the one call that rings, and the switch puts the call in progress on hold (decision 0061).
  When several calls ring, the adapter cannot know which one the CSR means: it answers none and
  names them (decision 0013).

  Background:
    Given the switch has extensions 8808 and 8809
    And extension 8808 has call waiting
    And a CSR monitors extension 8808

  @OCTI-FULL-018
  Scenario: Answering without naming the call answers the waiting call and holds the other
    Given a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the first call
    When a customer calls extension 8808 directly from 16175550000
    And the CSR on 8808 answers without naming the call
    Then AnswerCall succeeds
    And the desktop for 8808 gets a Held for the first call
    And the desktop for 8808 gets, in order, for the second call:
      | Offering    |
      | Established |
    And the switch shows 8808 connected to the second call
    And the switch shows 8808 holding the first call
    And the desktop for 8808 agrees with the switch

  @OCTI-FULL-018
  Scenario: The held call is taken back once the waiting call ends
    Given a customer calls extension 8808 directly from 16175551212
    And the CSR on 8808 has answered the first call
    When a customer calls extension 8808 directly from 16175550000
    And the CSR on 8808 answers without naming the call
    And the CSR on 8808 hangs up the second call
    And the CSR on 8808 retrieves the first call
    Then the desktop for 8808 gets, in order, for the first call:
      | Offering    |
      | Established |
      | Held        |
      | Retrieved   |
    And the switch shows 8808 connected to the first call
    And the desktop for 8808 agrees with the switch

  @OCTI-FULL-019
  Scenario: Answering without naming the call while two calls ring is refused, naming them
    Given a customer calls extension 8808 directly from 16175551212
    And extension 8809 calls extension 8808
    And the desktop for 8808 has got an Offering for the second call
    When the CSR on 8808 answers without naming the call
    Then AnswerCall fails with OPENCTI_CF_GENERIC_OPERATION naming the first call and the second call
    And the desktop for 8808 gets no Established for the first call
    And the desktop for 8808 gets no Established for the second call
    And the desktop for 8808 agrees with the switch

  @OCTI-FULL-020
  Scenario: The refusal of an unnamed answer says how many calls ring
    Given a customer calls extension 8808 directly from 16175551212
    And extension 8809 calls extension 8808
    And the desktop for 8808 has got an Offering for the second call
    When the CSR on 8808 answers without naming the call
    Then AnswerCall fails with OPENCTI_CF_GENERIC_OPERATION mentioning "2 calls are ringing at extension 8808"
