@from:full
Feature: What the switch refuses
  A switch refuses call control that makes no sense for the call's state. Each refusal reaches the
  CSR as its documented OPENCTI_* code, and the desktop shows no change. Analysts: add a row to
  extend the matrix.

  Background:
    Given the switch has extensions 8808 and 8809
    And a CSR monitors extension 8808

  @OCTI-FULL-014
  Scenario Outline: <activity> is refused when <situation>
    Given <situation>
    When the desktop for 8808 asks for <activity>
    Then <activity> fails with <code>
    And the desktop for 8808 gets no event after that

    Examples:
      | situation                       | activity         | code                            |
      | nothing rings at 8808           | AnswerCall       | OPENCTI_CF_INVALID_OBJECT_STATE |
      | a call rings at 8808            | HoldCall         | OPENCTI_CF_INVALID_OBJECT_STATE |
      | 8808 is connected to a call     | RetrieveCall     | OPENCTI_CF_INVALID_OBJECT_STATE |
      | 8808 is connected to a call     | TransferComplete | OPENCTI_CF_INVALID_OBJECT_STATE |
      | 8808 is connected to a call     | ConferenceComplete | OPENCTI_CF_INVALID_OBJECT_STATE |
      | 8808 holds a call               | HoldCall         | OPENCTI_CF_INVALID_OBJECT_STATE |
