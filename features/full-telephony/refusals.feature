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

  @OCTI-FULL-020
  Scenario Outline: <activity> naming no call, when none fits, says which calls it looked for
    Given <situation>
    When the CSR on 8808 asks for <activity> without naming a call
    Then <activity> fails with OPENCTI_CF_INVALID_OBJECT_STATE mentioning "<words>"
    And the desktop for 8808 gets no event after that

    Examples:
      | situation             | activity     | words                                                                              |
      | nothing rings at 8808 | HangUpCall   | needs CallID: it is missing from the adapter page and no call is connected, dialling, ringing or on hold at extension 8808 |
      | nothing rings at 8808 | AnswerCall   | no call is ringing at extension 8808                                               |
      | a call rings at 8808  | RetrieveCall | no call is on hold at extension 8808                                               |
