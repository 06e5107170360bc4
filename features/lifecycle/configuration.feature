@from:simple @OCTI-CFG-001
Feature: Adapter configuration
  The adapter is configured from the CTI link record: the telephony mode, the CTI server's URL,
  the link's credentials and timeouts. Configuration it cannot use is refused at once, naming
  the setting, instead of failing later on a CSR's desktop.

  Scenario Outline: A configuration with a bad <setting> is refused
    When an adapter is configured with <setting> set to <value>
    Then the configuration is refused naming "<setting>"

    Examples:
      | setting            | value                 |
      | mode               | "premium"             |
      | mode               | nothing               |
      | ctiUrl             | "http://127.0.0.1:80" |
      | ctiUrl             | nothing               |
      | credentials.user   | ""                    |
      | credentials        | nothing               |
      | timeouts.connectMs | 0                     |
      | timeouts.requestMs | "soon"                |
