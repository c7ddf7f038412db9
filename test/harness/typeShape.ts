// A TypeScript type → its shape as data (core/model/shape.ts), with the compiler's own type
// checker: strings, numbers, booleans, literals and unions of them, arrays, string-keyed records
// and objects (optional properties marked, literal-typed properties first). Named object types
// become definitions referred to by name, so shared types (Span) are written once.

import path from 'node:path';
import ts from 'typescript';
import type { Shape, ShapeSet } from '../../server/src/core/model/shape.js';
import { repoRoot } from './paths.js';

/** The shape of the type `typeName` exported (or declared) by `file`. */
export function typeShape(file: string, typeName: string, program?: ts.Program): ShapeSet {
  const p = program ?? shapeProgram([file]);
  const checker = p.getTypeChecker();
  const source = p.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  const module = checker.getSymbolAtLocation(source);
  const exported = module && checker.getExportsOfModule(module).find((s) => s.name === typeName);
  if (!exported) throw new Error(`${file} exports no type ${typeName}`);
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const defs: Record<string, Shape> = {};
  const named = (type: ts.Type): string | undefined => {
    const s = type.aliasSymbol ?? type.getSymbol();
    if (!s || s.name.startsWith('__')) return undefined;
    return checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
  };
  const shapeOf = (type: ts.Type): Shape => {
    const f = type.flags;
    if (f & ts.TypeFlags.StringLiteral) return { literal: (type as ts.StringLiteralType).value };
    if (f & ts.TypeFlags.NumberLiteral) return { literal: (type as ts.NumberLiteralType).value };
    if (f & ts.TypeFlags.BooleanLiteral) return { literal: checker.typeToString(type) === 'true' };
    if (f & ts.TypeFlags.String) return 'string';
    if (f & ts.TypeFlags.Number) return 'number';
    if (f & ts.TypeFlags.Boolean) return 'boolean';
    if (f & ts.TypeFlags.Null) return 'null';
    // Data whose type says nothing (a CRD's OpenAPI schema): any JSON value.
    if (f & ts.TypeFlags.Unknown) return 'json';
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
      // `boolean` in a union is `true | false`: keep it one member.
      const hasTrue = members.some((t) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === 'true');
      const hasFalse = members.some(
        (t) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === 'false',
      );
      const shapes: Shape[] = members
        .filter((t) => !(hasTrue && hasFalse && t.flags & ts.TypeFlags.BooleanLiteral))
        .map(shapeOf);
      if (hasTrue && hasFalse) shapes.push('boolean');
      if (shapes.length === 1) return shapes[0]!;
      // In a stable order: the checker lists members in the order it met their types.
      return { union: shapes.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
    }
    if (checker.isArrayType(type)) return { array: shapeOf(checker.getTypeArguments(type as ts.TypeReference)[0]!) };
    if (f & ts.TypeFlags.Object) {
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      if (index && checker.getPropertiesOfType(type).length === 0) return { record: shapeOf(index.type) };
      const name = named(type);
      if (name !== undefined) {
        if (!(name in defs)) {
          defs[name] = 'null'; // a placeholder while its properties are read (recursive types)
          defs[name] = objectShape(type);
        }
        return { ref: name };
      }
      return objectShape(type);
    }
    throw new Error(`no shape for the type ${checker.typeToString(type)}`);
  };
  const objectShape = (type: ts.Type): Shape => {
    const entries: [string, Shape, boolean][] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
      if (!declaration) throw new Error(`property ${prop.name} has no declaration`);
      const propType = checker.getTypeOfSymbolAtLocation(prop, declaration);
      entries.push([prop.name, shapeOf(propType), (prop.flags & ts.SymbolFlags.Optional) !== 0]);
    }
    // Literal-typed properties first: a union of objects is then decided by its discriminant.
    const isLiteral = (s: Shape): boolean => typeof s === 'object' && 'literal' in s;
    entries.sort(
      (a, b) => Number(isLiteral(b[1])) - Number(isLiteral(a[1])) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
    );
    const object: Record<string, Shape> = {};
    for (const [key, shape] of entries) object[key] = shape;
    const optional = entries.filter((e) => e[2]).map((e) => e[0]);
    return optional.length > 0 ? { object, optional } : { object };
  };
  const root = shapeOf(checker.getDeclaredTypeOfSymbol(symbol));
  const sorted: Record<string, Shape> = {};
  for (const key of Object.keys(defs).sort()) sorted[key] = defs[key]!;
  return { root, defs: sorted };
}

/** One program over `files`, with the project's strictness (optional properties matter). */
export function shapeProgram(files: string[]): ts.Program {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
  };
  // The compiler is bundled into the test: its library files are found in the package, not beside it.
  const libDir = path.join(repoRoot, 'node_modules/typescript/lib');
  const host = ts.createCompilerHost(options);
  host.getDefaultLibLocation = () => libDir;
  host.getDefaultLibFileName = (o) => path.join(libDir, ts.getDefaultLibFileName(o));
  return ts.createProgram(files, options, host);
}
