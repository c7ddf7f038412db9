// Mode B: the UI smoke on the packaged .vsix. A fresh code-server installs gateway-refs.vsix with
// --install-extension (as a user would), opens a copy of examples/ and the broken route, and the
// driver asserts from the DOM — squiggles, the hover text, the Problems rows, the Ctrl+. menu with
// the fix title, applying the fix — and saves screenshots (PNG, 1280×800) to the artifacts folder.
// DOM only, never pixels; the screenshots are for people.

import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Tools } from './codeServer.js';
import { startCodeServer, tail } from './codeServer.js';
import { launchChromium } from './browser.js';
import type { Outcome, Run } from './types.js';

const WORKBENCH_TIMEOUT_MS = 60_000;
const WAIT_MS = 30_000;

/** The screenshots docs/images/ shows (E2E_UPDATE_SCREENSHOTS=1 copies them there after a passing run). */
export const README_SCREENSHOTS = ['squiggles-and-problems.png', 'hover-parentref.png', 'quick-fix-menu.png'];

const FIX_TITLE = 'Create ReferenceGrant in backend-ns allowing HTTPRoute from tenant-a';

/** The editor's visible lines in line order (Monaco recycles `.view-line` nodes, so DOM order is not line order). */
async function editorLines(page: Page): Promise<string[]> {
  return page.$$eval('.editor-instance .monaco-editor .view-lines .view-line', (nodes) =>
    nodes
      .map((n) => ({
        top: parseFloat((n as HTMLElement).style.top) || 0,
        text: (n.textContent ?? '').replace(/\u00a0/g, ' '),
      }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/** Centre of the editor span showing `token` on the visible line whose trimmed text is `lineText`. */
async function tokenCentre(page: Page, lineText: string, token: string): Promise<{ x: number; y: number }> {
  const handle = await page.waitForFunction(
    ([want, tok]) => {
      for (const line of document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')) {
        if ((line.textContent ?? '').replace(/\u00a0/g, ' ').trim() !== want) continue;
        const span = [...line.querySelectorAll('span')].find(
          (s) => s.children.length === 0 && (s.textContent ?? '').trim() === tok,
        );
        if (!span) continue;
        const r = span.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return undefined;
    },
    [lineText, token] as const,
    { timeout: WAIT_MS },
  );
  return (await handle.jsonValue())!;
}

/** In the browser: the trimmed text of every visible editor line under an error squiggle. */
function linesWithErrorSquiggles(): string[] {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  if (!editor) return [];
  const tops = new Set(
    [...editor.querySelectorAll('.view-overlays .squiggly-error')].map(
      (n) => (n.parentElement as HTMLElement).style.top,
    ),
  );
  return [...editor.querySelectorAll('.view-lines .view-line')]
    .filter((l) => tops.has((l as HTMLElement).style.top))
    .sort((a, b) => parseFloat((a as HTMLElement).style.top) - parseFloat((b as HTMLElement).style.top))
    .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').trim());
}

/**
 * The hover is at most ~250 px high and starts with the diagnostic; for the screenshot, scroll it
 * with the mouse wheel until the row holding `text` (the extension's own explanation) is at its top.
 */
async function scrollHoverTo(page: Page, text: string): Promise<void> {
  const hover = page.locator('.monaco-hover').filter({ hasText: text }).first();
  const row = hover.locator('.hover-row', { hasText: text }).first();
  const [outer, inner] = [await hover.boundingBox(), await row.boundingBox()];
  if (!outer || !inner) return;
  await page.mouse.move(outer.x + outer.width / 2, outer.y + Math.min(outer.height / 2, 40));
  await page.mouse.wheel(0, inner.y - outer.y);
  // Two animation frames: the scrolled hover has been painted (only the screenshot depends on it).
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

async function ariaLabels(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
}

export async function uiSmoke(run: Run, tools: Tools): Promise<Outcome[]> {
  const dir = path.join(run.tmp, 'ui-smoke');
  const ws = path.join(dir, 'examples'); // the folder name shows in the explorer and the title
  cpSync(path.join(run.repo, 'examples'), ws, { recursive: true });
  const route = path.join(ws, 'cross-namespace-broken', 'route.yaml');
  const outcomes: Outcome[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(run.artifacts, name) });

  const server = await startCodeServer(tools, dir, { settings: run.settings, vsix: run.vsix });
  const browser = await launchChromium(path.join(dir, 'browser'));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const check = async (name: string, fn: () => Promise<void>) => {
    const start = Date.now();
    try {
      await fn();
      outcomes.push({ name, ok: true, ms: Date.now() - start });
    } catch (e) {
      await shot(page, `failed-${outcomes.length + 1}.png`).catch(() => undefined);
      outcomes.push({
        name,
        ok: false,
        ms: Date.now() - start,
        error: `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\ncode-server log:\n${tail(server.log, 15)}`,
      });
      throw e;
    }
  };

  try {
    await check('the workbench opens the broken route from the installed .vsix', async () => {
      await page.goto(server.url({ folder: ws, payload: JSON.stringify([['openFile', server.remote(route)]]) }), {
        timeout: WORKBENCH_TIMEOUT_MS,
      });
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'cross-namespace-broken' })
        .first()
        .waitFor({ state: 'visible', timeout: WORKBENCH_TIMEOUT_MS });
      await page
        .locator('.tabs-container .tab', { hasText: 'route.yaml' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      await page
        .locator('.editor-instance .view-line', { hasText: 'httpbin-route' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
    });

    await check('error squiggles under the parentRef and the backendRef', async () => {
      // The diagnostics' ranges: route.yaml lines 10–11 (the parentRef) and 18–20 (the backendRef).
      const want = ['- name: apisix', 'namespace: aic', '- name: httpbin', 'namespace: backend-ns', 'port: 80'];
      await page
        .waitForFunction(
          `(${linesWithErrorSquiggles.toString()})().join('|') === ${JSON.stringify(want.join('|'))}`,
          undefined,
          { timeout: WAIT_MS },
        )
        .catch(async (e: unknown) => {
          throw new Error(
            `squiggled lines ${JSON.stringify(await page.evaluate(linesWithErrorSquiggles))}, want ${JSON.stringify(want)}; editor:\n${(await editorLines(page)).join('\n')}\n${String(e)}`,
          );
        });
    });

    await check('the Problems panel lists both errors with their codes, and the status bar counts them', async () => {
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.markers-panel .monaco-list-row')]
            .map((n) => n.getAttribute('aria-label') ?? '')
            .filter((l) =>
              /RefNotPermitted|NotAllowedByListeners|may not reference|Not allowed by any listener/.test(l),
            ).length >= 2,
        undefined,
        { timeout: WAIT_MS },
      );
      const labels = await ariaLabels(rows);
      const ref = labels.find((l) =>
        l.includes('HTTPRoute tenant-a/httpbin-route may not reference Service backend-ns/httpbin'),
      );
      const parent = labels.find((l) => l.includes('Not allowed by any listener of Gateway aic/apisix'));
      assert.ok(ref, labels.join('\n'));
      assert.ok(parent, labels.join('\n'));
      assert.match(ref, /^Error: .* at line 18 and character 11\..* generated by gateway-refs$/);
      assert.match(parent, /^Error: .* at line 10 and character 7\..* generated by gateway-refs$/);
      // The rows show the source and the code, `gateway-refs(RefNotPermitted)` (CSS adds the parentheses).
      const text = (await rows.allTextContents()).join('\n');
      assert.match(text, /gateway-refs\(?RefNotPermitted\)?\[Ln 18, Col 11\]/);
      assert.match(text, /gateway-refs\(?NotAllowedByListeners\)?\[Ln 10, Col 7\]/);
      const status = await page.locator('#status\\.problems').first().getAttribute('aria-label');
      assert.match(status ?? '', /Errors: [1-9]/);
      // The workbench writes its settings once after start; let its status-bar message pass first.
      await page
        .waitForFunction(
          () => !(document.querySelector('.statusbar')?.textContent ?? '').includes('Saving'),
          undefined,
          { timeout: 10_000 },
        )
        .catch(() => undefined);
      await shot(page, 'squiggles-and-problems.png');
    });

    await check('hovering the backendRef shows the diagnostic and the explanation', async () => {
      // Close the panel so the hover has room (and the screenshot shows it whole).
      await page.keyboard.press('Control+J');
      await page.locator('.markers-panel').first().waitFor({ state: 'hidden', timeout: WAIT_MS });
      const at = await tokenCentre(page, '- name: httpbin', 'httpbin');
      await page.mouse.move(at.x, at.y);
      const hover = page
        .locator('.monaco-hover-content')
        .filter({ hasText: 'backendRef → Service backend-ns/httpbin, port 80' });
      await hover.first().waitFor({ state: 'visible', timeout: WAIT_MS });
      await page
        .locator('.monaco-hover-content', {
          hasText: 'No ReferenceGrant in namespace backend-ns permits this reference.',
        })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      const text = (await page.locator('.monaco-hover-content').allTextContents()).join('\n');
      assert.ok(text.includes('allows GRPCRoute from tenant-a, not HTTPRoute from tenant-a'), text);
      assert.ok(text.includes('gateway-refs(RefNotPermitted)'), text);
      await scrollHoverTo(page, 'backendRef → Service backend-ns/httpbin');
      await shot(page, 'hover-backendref.png');
    });

    await check('hovering the parentRef explains why the listener does not admit the route', async () => {
      await page.mouse.move(640, 760);
      await page.keyboard.press('Escape');
      const at = await tokenCentre(page, '- name: apisix', 'apisix');
      await page.mouse.move(at.x, at.y);
      await page
        .locator('.monaco-hover-content', { hasText: 'namespace tenant-a does not (tenant=tenant-a fails' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      const text = (await page.locator('.monaco-hover-content').allTextContents()).join('\n');
      assert.ok(text.includes('not attached'), text);
      await scrollHoverTo(page, 'HTTPRoute → Gateway aic/apisix');
      await shot(page, 'hover-parentref.png');
    });

    await check('Ctrl+. on the backendRef offers the ReferenceGrant fixes', async () => {
      await page.mouse.move(640, 760);
      await page.keyboard.press('Escape');
      const at = await tokenCentre(page, '- name: httpbin', 'httpbin');
      await page.mouse.click(at.x, at.y);
      await page.keyboard.press('Control+.');
      const rows = page.locator('.action-widget .monaco-list-row');
      await rows.filter({ hasText: FIX_TITLE }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
      const labels = await ariaLabels(rows);
      assert.ok(labels.includes(`${FIX_TITLE}, Quick Fix`), labels.join('\n'));
      assert.ok(
        labels.includes('Add HTTPRoute from tenant-a to ReferenceGrant backend-ns/allow-from-tenant-a, Quick Fix'),
        labels.join('\n'),
      );
      await shot(page, 'quick-fix-menu.png');
    });

    await check('applying the fix from the menu removes the RefNotPermitted problem', async () => {
      await page.locator('.action-widget .monaco-list-row', { hasText: FIX_TITLE }).first().click();
      await page.locator('.action-widget .monaco-list-row').first().waitFor({ state: 'hidden', timeout: WAIT_MS });
      await page.keyboard.press('Control+Shift+M');
      await page.waitForFunction(
        () => {
          const labels = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map(
            (n) => n.getAttribute('aria-label') ?? '',
          );
          return (
            !labels.some((l) => l.includes('may not reference Service backend-ns/httpbin')) &&
            labels.some((l) => l.includes('Not allowed by any listener'))
          );
        },
        undefined,
        { timeout: WAIT_MS },
      );
      await page.waitForFunction(
        `(${linesWithErrorSquiggles.toString()})().join('|') === '- name: apisix|namespace: aic'`,
        undefined,
        { timeout: WAIT_MS },
      );
      await shot(page, 'after-fix.png');
    });
  } catch {
    // recorded by check(); later checks depend on the earlier ones
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  if (process.env['E2E_UPDATE_SCREENSHOTS'] === '1' && outcomes.every((o) => o.ok)) {
    const images = path.join(run.repo, 'docs', 'images');
    mkdirSync(images, { recursive: true });
    for (const name of README_SCREENSHOTS) copyFileSync(path.join(run.artifacts, name), path.join(images, name));
    run.log(`# copied ${README_SCREENSHOTS.join(', ')} to docs/images/`);
  }
  return outcomes;
}
