/**
 * The HTML report as an analyst opens it, in a real browser (Debian's Chromium, driven by
 * playwright-core): the failing step, its message, and the failure's sequence diagram, named, which
 * opens into a picture the browser draws. Skipped, saying so, where no Chromium is installed; under
 * CI=true (.ci/run installs it) it must run.
 */
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { certify } from '../certify/support/certify-run.ts';

const CHROMIUM = '/usr/bin/chromium';
const present = await access(CHROMIUM).then(
  () => true,
  () => false,
);
const skip = present ? false : process.env['CI'] === 'true' ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

describe('the HTML report in Chromium', { skip }, () => {
  it('shows the failing step, its message and its sequence diagram', async () => {
    const run = await certify(
      '--adapter',
      'module:test/fixtures/adapters/drops-caller-number.ts',
      '--mode',
      'simple',
      '--name',
      "^A queue call pops the caller's number",
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
      await page.goto(`file://${join(run.out, 'cucumber.html')}`);
      await page.getByText('the desktop for').first().waitFor();
      assert.equal(await page.title(), 'Switchboard: not-conformant — simple telephony, module:test/fixtures/adapters/drops-caller-number.ts');
      assert.ok(
        await page
          .getByText(/expected Offering on the desktop for 8808 with pyCallId="C1", pyANI="16175551212"/)
          .first()
          .isVisible(),
      );
      await page.getByText('sequence-diagram.svg').first().click();
      const diagram = page.locator('img[src^="data:image/svg+xml;base64,"]').first();
      await diagram.waitFor({ state: 'visible' });
      const drawn = await diagram.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
      assert.ok(drawn > 300, `the diagram is drawn (${drawn} px wide)`);
      assert.ok(await page.getByText('Certification verdict: not-conformant').isVisible());
      await page.screenshot({ path: join(run.out, 'cucumber-html.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
