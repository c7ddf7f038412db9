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
export const README_SCREENSHOTS = [
  'squiggles-and-problems.png',
  'hover-parentref.png',
  'quick-fix-menu.png',
  'topology.png',
  'completion.png',
  'codelens.png',
];

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

/**
 * In the browser: the classes (Monaco's colour classes, `mtkN`) of the leaf spans of the visible
 * line whose trimmed text is `line`, with their texts. Monaco merges neighbouring tokens of one
 * colour into one span, so a key coloured as a whole is one span.
 */
function tokenSpans([line]: readonly [string]): { text: string; cls: string }[] | undefined {
  for (const l of document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')) {
    if ((l.textContent ?? '').replace(/\u00a0/g, ' ').trim() !== line) continue;
    return [...l.querySelectorAll('span')]
      .filter((s) => s.children.length === 0)
      .map((s) => ({ text: (s.textContent ?? '').replace(/\u00a0/g, ' '), cls: s.className }));
  }
  return undefined;
}

/** Runs a command from the palette (F1) by its title. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.press('Enter');
}

/**
 * Rests the mouse on `token` of the line `lineText` until a hover holding `text` shows. A mouse
 * move can land while the workbench is still laying out (a panel just closed) and Monaco then
 * never opens the hover, so each try moves off the text first, dismisses any hover, and measures
 * the token again.
 */
async function hoverUntil(page: Page, lineText: string, token: string, text: string): Promise<void> {
  const editor = await page.locator('.part.editor').first().boundingBox();
  assert.ok(editor, 'the editor area is visible');
  const tries = 3;
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(editor.x + editor.width - 8, editor.y + editor.height - 8);
    await page.keyboard.press('Escape');
    const at = await tokenCentre(page, lineText, token);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    try {
      await page
        .locator('.monaco-hover-content')
        .filter({ hasText: text })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS / tries });
      return;
    } catch (e) {
      if (attempt === tries) {
        const shown = (await page.locator('.monaco-hover-content').allTextContents()).join('\n');
        throw new Error(
          `no hover with ${JSON.stringify(text)} after ${tries} tries; hovers shown:\n${shown}\n${String(e)}`,
        );
      }
    }
  }
}

/**
 * A screenshot of the editor area only, from its top down to `bottom` (a page y, e.g. the foot of
 * a widget) and some room below: the README shows the feature, not the whole workbench.
 */
async function editorShot(page: Page, file: string, bottom: number): Promise<void> {
  const editor = await page.locator('.part.editor').first().boundingBox();
  assert.ok(editor, 'the editor area is visible');
  const height = Math.min(editor.height, Math.max(bottom - editor.y + 24, 200));
  // The mouse off the text (no hover), and two frames so that what was just shown is painted.
  await page.mouse.move(editor.x + editor.width - 8, editor.y + editor.height - 8);
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
  await page.screenshot({ path: file, clip: { x: editor.x, y: editor.y, width: editor.width, height } });
}

async function ariaLabels(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
}

export async function uiSmoke(run: Run, tools: Tools): Promise<Outcome[]> {
  const dir = path.join(run.tmp, 'ui-smoke');
  const ws = path.join(dir, 'examples'); // the folder name shows in the explorer and the title
  cpSync(path.join(run.repo, 'examples'), ws, { recursive: true });
  const route = path.join(ws, 'cross-namespace-broken', 'route.yaml');
  // The pictures of completion and code lenses come from a workspace without diagnostics.
  const shop = path.join(dir, 'shop');
  cpSync(path.join(run.repo, 'test', 'e2e', 'screenshots'), shop, { recursive: true });
  const outcomes: Outcome[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(run.artifacts, name) });

  const server = await startCodeServer(tools, dir, { settings: run.settings, vsix: run.vsix });
  const browser = await launchChromium(path.join(dir, 'browser'));
  let page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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

    await check("the grammar keeps YAML's colours: keys whole, Gateway API values coloured as strings", async () => {
      const spans = async (line: string) =>
        (await (await page.waitForFunction(tokenSpans, [line] as const, { timeout: WAIT_MS })).jsonValue())!;
      // TextMate tokenisation is asynchronous: first the line shows as one plain span.
      await page.waitForFunction(
        `(${tokenSpans.toString()})(['metadata:'])?.some((t) => t.text.trim() === 'metadata') === true`,
        undefined,
        { timeout: WAIT_MS },
      );
      const metadata = (await spans('metadata:')).find((t) => t.text.trim() === 'metadata');
      const rules = (await spans('rules:')).find((t) => t.text.trim() === 'rules');
      assert.ok(metadata && rules, `"rules" is one span: ${JSON.stringify(await spans('rules:'))}`);
      assert.equal(rules.cls, metadata.cls, 'rules: is coloured as the other keys');
      const name = (await spans('name: httpbin-route')).find((t) => t.text.trim() === 'httpbin-route');
      const version = (await spans('apiVersion: gateway.networking.k8s.io/v1')).find(
        (t) => t.text.trim() === 'gateway.networking.k8s.io/v1',
      );
      const kind = (await spans('kind: HTTPRoute')).find((t) => t.text.trim() === 'HTTPRoute');
      assert.ok(name && version && kind, JSON.stringify(await spans('apiVersion: gateway.networking.k8s.io/v1')));
      assert.equal(version.cls, name.cls, 'the apiVersion value is coloured as a string');
      assert.equal(kind.cls, name.cls, 'the kind value is coloured as a string');
    });

    await check('error squiggles under the parentRef and the backendRef', async () => {
      // The diagnostics cover the parentRef (route.yaml lines 10–11) and the backendRef (18–20) and
      // underline their first lines only, never the indentation below.
      const want = ['- name: apisix', '- name: httpbin'];
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
      await hoverUntil(page, '- name: httpbin', 'httpbin', 'backendRef → Service backend-ns/httpbin, port 80');
      await page
        .locator('.monaco-hover-content', {
          hasText: 'No ReferenceGrant in namespace backend-ns permits this reference.',
        })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      const text = (await page.locator('.monaco-hover-content').allTextContents()).join('\n');
      assert.ok(text.includes('allows GRPCRoute from tenant-a, not HTTPRoute from tenant-a'), text);
      // With a documentation link the code is rendered as a link, without the parentheses.
      assert.ok(/gateway-refs\(?RefNotPermitted\)?/.test(text), text);
      await scrollHoverTo(page, 'backendRef → Service backend-ns/httpbin');
      await shot(page, 'hover-backendref.png');
    });

    await check('hovering the parentRef explains why the listener does not admit the route', async () => {
      await hoverUntil(page, '- name: apisix', 'apisix', 'namespace tenant-a does not (tenant=tenant-a fails');
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
      const rows = page.locator('.action-widget .monaco-list-row');
      const fix = rows.filter({ hasText: FIX_TITLE }).first();
      // On a loaded machine the menu can open before the code actions arrive and stay empty: ask again once.
      await page.keyboard.press('Control+.');
      const shown = await fix.waitFor({ state: 'visible', timeout: WAIT_MS / 2 }).then(
        () => true,
        () => false,
      );
      if (!shown) {
        await page.keyboard.press('Escape');
        await page.mouse.click(at.x, at.y);
        await page.keyboard.press('Control+.');
        await fix.waitFor({ state: 'visible', timeout: WAIT_MS });
      }
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
        `(${linesWithErrorSquiggles.toString()})().join('|') === '- name: apisix'`,
        undefined,
        { timeout: WAIT_MS },
      );
      await shot(page, 'after-fix.png');
    });

    await check('the status bar shows Gateway Refs idle with its counts', async () => {
      const item = page.locator('.statusbar-item', { hasText: 'Gateway Refs:' }).first();
      await item.waitFor({ state: 'visible', timeout: WAIT_MS });
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.statusbar-item')].some((n) =>
            /Gateway Refs: \d+ YAML files/.test(n.textContent ?? ''),
          ),
        undefined,
        { timeout: WAIT_MS },
      );
      const label = (await item.getAttribute('aria-label')) ?? '';
      assert.match(label, /Gateway Refs: idle\. \d+ YAML files analysed; \d+ errors?, \d+ warnings?, \d+ notes?\./);
    });

    await check('"Gateway Refs: Show output" shows the server log at the default level', async () => {
      await runCommand(page, 'Gateway Refs: Show output');
      const output = page.locator('.part.panel .monaco-editor .view-lines');
      await output.first().waitFor({ state: 'visible', timeout: WAIT_MS });
      await page.waitForFunction(
        () => {
          const text = [...document.querySelectorAll('.part.panel .monaco-editor .view-line')]
            .map((n) => (n.textContent ?? '').replace(/\u00a0/g, ' '))
            .join('\n');
          return /language server/.test(text) && /Indexed \d+ YAML files in/.test(text);
        },
        undefined,
        { timeout: WAIT_MS },
      );
      await shot(page, 'output.png');
      await page.keyboard.press('Control+J');
    });

    await check('"Gateway Refs: Show topology" draws the graph; a click opens the YAML', async () => {
      await runCommand(page, 'Gateway Refs: Show topology');
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const route = view.locator('svg g.node.Route', { hasText: 'httpbin-route' }).first();
      await route.waitFor({ state: 'visible', timeout: WAIT_MS });
      const names = await view.locator('svg g.node text.name').allTextContents();
      for (const want of ['aic/apisix', 'http', 'tenant-a/httpbin-route', 'backend-ns/httpbin'])
        assert.ok(names.includes(want), `${want} in ${JSON.stringify(names)}`);
      assert.ok((await view.locator('svg path.edge.rejected').count()) >= 1, 'a rejected edge is drawn');
      assert.ok((await view.locator('svg text.grant').count()) >= 1, 'a grant is named on its edge');
      // For the picture: the view alone, wide (moved into the first group, which closes the second).
      await page.keyboard.press('Control+B');
      await view.locator('header').first().click();
      // The click focuses the view's group a moment later; the command moves the active group's editor.
      await page
        .locator('.editor-group-container.active .tab.active', { hasText: 'Gateway Refs topology' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      await runCommand(page, 'View: Move Editor into First Group');
      await page.waitForFunction(() => document.querySelectorAll('.editor-group-container').length === 1, undefined, {
        timeout: WAIT_MS,
      });
      await page
        .locator('.tabs-container .tab.active', { hasText: 'Gateway Refs topology' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      // The moved view is a new frame that draws the graph again.
      await route.waitFor({ state: 'visible', timeout: WAIT_MS });
      await page.evaluate(
        () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      );
      await shot(page, 'topology.png');
      await route.click();
      await page
        .locator('.tabs-container .tab.active', { hasText: 'route.yaml' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
    });

    await check("completing a parentRef's name ranks the Gateways that admit the route first", async () => {
      // A second window on the shop workspace; the first one has unsaved fixes, and closing it
      // skips the prompt they would raise.
      await page.close({ runBeforeUnload: false });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const storefront = path.join(shop, 'storefront.yaml');
      await page.goto(
        server.url({ folder: shop, payload: JSON.stringify([['openFile', server.remote(storefront)]]) }),
        {
          timeout: WORKBENCH_TIMEOUT_MS,
        },
      );
      // The route's lens shows once the server has analysed the workspace.
      await page
        .locator('.editor-instance .codelens-decoration', { hasText: 'attached to http' })
        .first()
        .waitFor({ state: 'visible', timeout: WORKBENCH_TIMEOUT_MS });
      // The editor wide, so that the completion details fit beside the list.
      await runCommand(page, 'View: Close Primary Side Bar');
      await page.locator('.part.sidebar').first().waitFor({ state: 'hidden', timeout: WAIT_MS });
      // The caret at the start of the name, so that every Gateway is offered and the name replaced.
      const at = await tokenCentre(page, '- name: public', 'public');
      await page.mouse.click(at.x, at.y);
      await page.keyboard.press('End');
      await page.keyboard.press('Control+ArrowLeft');
      const rows = page.locator('.suggest-widget .monaco-list-row');
      await page.keyboard.press('Control+Space');
      await rows.filter({ hasText: 'partners' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
      const labels = await ariaLabels(rows);
      assert.equal(labels.length, 3, labels.join('\n'));
      assert.match(labels[0]!, /^public/, labels.join('\n'));
      await page
        .locator('.suggest-widget .monaco-list-row.focused', { hasText: 'admits this route (http)' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      // For the picture: the details beside the list, in full. (The first item keeps the focus: the
      // list can be drawn again as the server's answer settles, which focuses the first item.)
      await page.keyboard.press('Control+Space');
      const details = page.locator('.suggest-details', { hasText: 'admits this route (http)' }).first();
      await details.waitFor({ state: 'visible', timeout: WAIT_MS });
      const boxes = [await page.locator('.suggest-widget').first().boundingBox(), await details.boundingBox()];
      await editorShot(
        page,
        path.join(run.artifacts, 'completion.png'),
        Math.max(...boxes.map((b) => (b ? b.y + b.height : 0))),
      );
      await page.keyboard.press('Escape');
    });

    await check('code lenses count the routes attached to each listener', async () => {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: WAIT_MS });
      await input.fill('gateways.yaml');
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: 'gateways.yaml' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
      await page.keyboard.press('Enter');
      const lens = page.locator('.editor-instance .codelens-decoration', { hasText: '2 routes attached' }).first();
      await lens.waitFor({ state: 'visible', timeout: WAIT_MS });
      const titles = await page.locator('.editor-instance .codelens-decoration').allTextContents();
      assert.ok(titles.includes('0 routes attached'), JSON.stringify(titles));
      // Down to the second listener (`- name: admin`) and its lens.
      const admin = await tokenCentre(page, '- name: admin', 'admin');
      await editorShot(page, path.join(run.artifacts, 'codelens.png'), admin.y + 80);
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
