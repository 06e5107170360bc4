/**
 * Adapter timings the lab offers through the adapter's own settings (the optional timeouts of
 * AdapterSettingsSchema): a short reconnect backoff, so a scenario or a property sequence that drops
 * the CTI link waits milliseconds for the adapter to come back instead of the production default
 * (500 ms and more, decision 0014). The backoff's shape is still the adapter's; the certificate
 * records what was offered (run.adapterTimings).
 */
export const LAB_RECONNECT = { reconnectMinMs: 5, reconnectMaxMs: 40 } as const;
