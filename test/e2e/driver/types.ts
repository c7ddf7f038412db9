// Shared shapes of the e2e driver.

export interface Run {
  /** Repository root. */
  repo: string;
  /** This run's temp folder (removed at the end unless E2E_KEEP=1). */
  tmp: string;
  /** Where screenshots and logs worth keeping go (outside the repository). */
  artifacts: string;
  /** The .vsix under test. */
  vsix: string;
  /** Its unpacked `extension/` folder. */
  extensionDir: string;
  /** test/e2e/settings.json: the user settings of every code-server. */
  settings: string;
  log(line: string): void;
}

export interface Outcome {
  name: string;
  ok: boolean;
  ms?: number;
  error?: string;
}
