// The `gateway-refs` command: argument parsing, the run, output and the exit code (0 clean, 1 error
// diagnostics, 2 usage or I/O problem). It never prints a stack trace. It writes through the sinks
// it is given rather than to the process, so that main.ts binds it to the process and tests run it
// in-process.

import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Code, Features, Severity } from '../core/api.js';
import {
  FEATURE_NAMES,
  PROFILES,
  isChannel,
  isCode,
  isFeatureName,
  isNamespaceName,
  parseGroupKind,
  parseSeverityLevel,
  profileById,
} from '../core/api.js';
import { ChangedFilesError, changedFiles } from './changedFiles.js';
import { formatDot } from './format/dot.js';
import { formatJson } from './format/json.js';
import { formatMermaid } from './format/mermaid.js';
import { formatSarif } from './format/sarif.js';
import { formatText } from './format/text.js';
import { runCheck } from './run.js';

type FeatureName = keyof Features;

declare const GATEWAY_REFS_VERSION: string;

const USAGE = `Usage: gateway-refs check [PATH...] [options]

Checks Kubernetes Gateway API manifests: route attachment (allowedRoutes, sectionName, port,
hostnames), ReferenceGrants for cross-namespace references, certificate references, and the
status a conforming controller would write. PATH defaults to the current directory.

Options:
  --format FORMAT              text (default), json or sarif: the diagnostics; dot or mermaid: the
                               workspace as a graph (Gateway → listener → route → backend, each edge
                               with its verdict and the ReferenceGrants that permit it)
  --default-namespace NS       Namespace of objects without metadata.namespace (default: as kubectl apply
                               places them: default, or the namespace a folder is applied to with -n)
  --backend-kind KIND.GROUP    An implementation-specific backend kind to accept (repeatable)
  --implementation ID          Judge every Gateway by this implementation's profile instead of the one its
                               GatewayClass names: ${PROFILES.map((p) => p.id).join(', ')}
  --feature NAME=on|off        Claim or deny a conformance feature, over the implementation's report
                               (repeatable): ${FEATURE_NAMES.join(', ')}
  --exclude GLOB               Skip files and folders matching GLOB, relative to the current directory (repeatable)
  --severity CODE=LEVEL        Override a code's severity: error, warning, info, hint or off (repeatable)
  --channel standard|experimental
                               Gateway API release channel whose CRDs admit objects, when the checked
                               files hold no Gateway API CRDs (default: experimental if an object is of a
                               kind or version only that channel serves, else standard)
  --complete                   The files are the whole cluster: whatever they lack does not exist
  --cache-dir DIR              Keep parsed file models in DIR to make later runs faster
  --changed-since REV          Report only problems in files changed since the git revision REV (committed
                               or not, and new files); every file is still read, as they depend on each other
  --color / --no-color         Force or disable colour in text output (default: on for a terminal)
  -h, --help                   Show this help
  -v, --version                Show the version

Exit status: 0 when there is no error, 1 when there are errors, 2 on a usage or I/O problem.
`;

/** Where the command writes, and the process facts it reads. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Paths are relative to this folder, and so are the file ids in the output. */
  cwd: string;
  /** Colour by default (a terminal without NO_COLOR); --color and --no-color override it. */
  color: boolean;
}

class UsageError extends Error {}

const FORMATS = ['text', 'json', 'sarif', 'dot', 'mermaid'];
const FORMAT_LIST = `${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)!}`;

export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'default-namespace': { type: 'string' },
        'backend-kind': { type: 'string', multiple: true, default: [] },
        implementation: { type: 'string' },
        feature: { type: 'string', multiple: true, default: [] },
        exclude: { type: 'string', multiple: true, default: [] },
        severity: { type: 'string', multiple: true, default: [] },
        'cache-dir': { type: 'string' },
        'changed-since': { type: 'string' },
        complete: { type: 'boolean', default: false },
        channel: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usage(
      io,
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '.') : String(error),
    );
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${GATEWAY_REFS_VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== 'check')
    return usage(
      io,
      command === undefined
        ? 'missing command: use `gateway-refs check [PATH...]`.'
        : `unknown command "${command}"; the command is \`check\`.`,
    );
  try {
    const format = values.format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMAT_LIST}, not "${format}".`);
    const backendKinds = values['backend-kind'].map((k) => {
      const gk = parseGroupKind(k);
      if (!gk)
        throw new UsageError(`--backend-kind needs a kind such as ServiceImport.multicluster.x-k8s.io, not "${k}".`);
      return gk;
    });
    const severities = parseSeverities(values.severity);
    const defaultNamespace = values['default-namespace'];
    if (defaultNamespace !== undefined && !isNamespaceName(defaultNamespace))
      throw new UsageError(`--default-namespace "${defaultNamespace}" is not a valid namespace name.`);
    const channel = values.channel;
    if (channel !== undefined && !isChannel(channel))
      throw new UsageError(`--channel must be standard or experimental, not "${channel}".`);
    const implementation = values.implementation;
    if (implementation !== undefined && !profileById(implementation))
      throw new UsageError(
        `--implementation "${implementation}" is not a known implementation; use one of ${PROFILES.map((p) => p.id).join(', ')}.`,
      );
    const features = parseFeatures(values.feature);
    const since = values['changed-since'];
    const changed = since !== undefined ? changedFiles(since, io.cwd) : undefined;
    const result = await runCheck({
      paths: paths.length > 0 ? paths : ['.'],
      cwd: io.cwd,
      exclude: values.exclude,
      analysis: {
        ...(defaultNamespace ? { defaultNamespace } : {}),
        backendKinds,
        severities,
        complete: values.complete,
        ...(channel ? { channel } : {}),
        ...(implementation ? { implementation } : {}),
        features,
      },
      topology: format === 'dot' || format === 'mermaid',
      ...(values['cache-dir']
        ? { cache: { dir: path.resolve(io.cwd, values['cache-dir']), tool: GATEWAY_REFS_VERSION } }
        : {}),
    });
    if (changed) result.diagnostics = result.diagnostics.filter((d) => changed.has(d.fileId));
    for (const p of result.problems) io.stderr(`gateway-refs: ${p.path}: ${p.message}\n`);
    for (const w of result.warnings) io.stderr(`gateway-refs: warning: ${w}\n`);
    const color = values['no-color'] ? false : (values.color ?? io.color);
    const output =
      format === 'json'
        ? formatJson(result)
        : format === 'sarif'
          ? formatSarif(result, GATEWAY_REFS_VERSION)
          : format === 'dot'
            ? formatDot(result.topology!)
            : format === 'mermaid'
              ? formatMermaid(result.topology!)
              : formatText(result, color);
    io.stdout(output);
    if (result.problems.length > 0) return 2;
    return result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    if (error instanceof ChangedFilesError) {
      io.stderr(`gateway-refs: ${error.message}\n`);
      return 2;
    }
    io.stderr(`gateway-refs: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function parseSeverities(specs: string[]): Partial<Record<Code, Severity | 'off'>> {
  const result: Partial<Record<Code, Severity | 'off'>> = {};
  for (const spec of specs) {
    const [code, level] = spec.split('=');
    if (!code || !isCode(code))
      throw new UsageError(`--severity: unknown code "${code ?? ''}" (see docs/diagnostics.md).`);
    const severity = parseSeverityLevel(level ?? '');
    if (!severity) throw new UsageError(`--severity ${spec}: the level must be error, warning, info, hint or off.`);
    result[code] = severity;
  }
  return result;
}

function parseFeatures(specs: string[]): Partial<Record<FeatureName, boolean>> {
  const result: Partial<Record<FeatureName, boolean>> = {};
  for (const spec of specs) {
    const [name, value] = spec.split('=');
    if (!name || !isFeatureName(name))
      throw new UsageError(`--feature: unknown feature "${name ?? ''}"; use one of ${FEATURE_NAMES.join(', ')}.`);
    if (value !== 'on' && value !== 'off') throw new UsageError(`--feature ${spec}: the value must be on or off.`);
    result[name] = value === 'on';
  }
  return result;
}

function usage(io: CommandIo, message: string): number {
  io.stderr(`gateway-refs: ${message}\n\n${USAGE}`);
  return 2;
}
