@from:full
Feature: Conference calls
  The CSR brings a colleague into the customer's call. Every party's desktop learns who is in the
  call from PartyInfo events; dropping a party takes the call back to two.

  Background:
    Given the switch has extensions 8808, 8809 and 8810
    And queue "Sales" is dialled on 8000 and served by extension 8808
    And a CSR monitors extension 8808
    And a CSR monitors extension 8809
    And a customer calls queue "Sales" from 16175551212
    And the CSR on 8808 has answered the call
    And the CSR on 8808 has asked for ConferenceInitiate of the first call to 8809
    And the CSR on 8809 has answered the second call

  @OCTI-FULL-010
  Scenario: Three parties in one call, seen from every desktop
    When the CSR on 8808 completes the conference
    Then ConferenceComplete succeeds
    And the desktop for 8808 gets party info for the first call listing 8808, 8809 and 16175551212
    And the desktop for 8809 gets party info for the first call listing 8808, 8809 and 16175551212
    And the switch shows 8809 connected to the first call
    And the desktop for 8808 agrees with the switch
    And the desktop for 8809 agrees with the switch

  @OCTI-FULL-010
  Scenario: A conference whose page names only the held call still joins the colleague
    When the CSR on 8808 asks for ConferenceComplete naming only the first call
    Then ConferenceComplete succeeds
    And the desktop for 8808 gets party info for the first call listing 8808, 8809 and 16175551212
    And the switch shows 8809 connected to the first call

  @OCTI-FULL-011
  Scenario: Dropping the colleague takes the call back to two parties
    When the CSR on 8808 completes the conference
    And the CSR on 8808 drops 8809 from the first call
    Then DropParty succeeds
    And the desktop for 8809 gets a Disconnected for the first call
    And the desktop for 8808 gets party info for the first call listing 8808 and 16175551212
    And the desktop for 8808 agrees with the switch
    And the desktop for 8809 agrees with the switch

  @OCTI-FULL-003
  Scenario: A party holding the conference stays held while another transfers the call on
    When the CSR on 8808 completes the conference
    And the CSR on 8809 puts the first call on hold
    And the desktop for 8809 gets a Held for the first call
    And the CSR on 8808 transfers the first call blind to 8810
    Then BlindTransfer succeeds
    And the switch shows 8809 holding the first call
    And the desktop for 8809 gets no Retrieved for the first call
    And the desktop for 8809 agrees with the switch

  @OCTI-FULL-014
  Scenario: A party already in the conference cannot be added again
    When the CSR on 8808 completes the conference
    And the CSR on 8808 asks for ConferenceInitiate of the first call to 8809
    Then ConferenceInitiate fails with OPENCTI_CONF_ALREADY_PRESENT
    And the desktop for 8808 gets no event after that

  @OCTI-FULL-014
  Scenario: A conference whose page names only a call the switch does not list is refused
    Given the desktop for 8808 has got an Established for the second call
    When the CSR on 8808 asks for ConferenceComplete naming only a call the switch does not list there
    Then ConferenceComplete fails with OPENCTI_CF_INVALID_OBJECT_STATE
    And the desktop for 8808 gets no event after that
