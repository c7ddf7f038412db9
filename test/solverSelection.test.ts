// cert-manager's solver selection (resolve/solverRoutes.ts pickSolver), case by case against the
// order cert-manager's solver picker applies: matching dnsNames first, then the longest matching
// dnsZone, then a selector at all, a solver without one last; the first one on a tie; matchLabels
// (read against the Order) leave the choice unknown.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AcmeSolver } from '../server/src/core/model/resource.js';
import { pickSolver } from '../server/src/core/resolve/solverRoutes.js';

function solver(
  type: AcmeSolver['type'],
  selector?: { dnsNames?: string[]; dnsZones?: string[]; matchLabels?: number },
): AcmeSolver {
  const s: AcmeSolver = { type, parentRefs: [], path: '' };
  if (selector)
    s.selector = {
      dnsNames: selector.dnsNames ?? [],
      dnsZones: selector.dnsZones ?? [],
      matchLabels: selector.matchLabels ?? 0,
    };
  return s;
}

test('a solver without a selector takes every domain, the first one when there are several', () => {
  assert.equal(pickSolver([solver('dns01'), solver('gatewayHTTPRoute')], 'a.example.com'), 0);
  assert.equal(pickSolver([], 'a.example.com'), undefined);
});

test('any matching selector beats no selector, and an empty one ties with the first', () => {
  const empty = [solver('dns01'), solver('gatewayHTTPRoute', {})];
  assert.equal(pickSolver(empty, 'a.example.com'), 0);
  const zone = [solver('dns01'), solver('gatewayHTTPRoute', { dnsZones: ['example.com'] })];
  assert.equal(pickSolver(zone, 'a.example.com'), 1);
  assert.equal(pickSolver(zone, 'a.example.org'), 0);
});

test('dnsNames beat dnsZones, and the longest zone wins', () => {
  const solvers = [
    solver('dns01', { dnsZones: ['shop.example.com'] }),
    solver('gatewayHTTPRoute', { dnsNames: ['www.shop.example.com'] }),
    solver('http01', { dnsZones: ['example.com'] }),
  ];
  assert.equal(pickSolver(solvers, 'www.shop.example.com'), 1);
  assert.equal(pickSolver(solvers, 'api.shop.example.com'), 0);
  assert.equal(pickSolver(solvers, 'api.example.com'), 2);
  assert.equal(pickSolver(solvers, 'example.org'), undefined);
});

test('with both dnsNames matching, the longer zone decides; zones match case-insensitively and whole labels only', () => {
  const solvers = [
    solver('dns01', { dnsNames: ['a.example.com'] }),
    solver('gatewayHTTPRoute', { dnsNames: ['a.example.com'], dnsZones: ['Example.COM'] }),
  ];
  assert.equal(pickSolver(solvers, 'a.example.com'), 1);
  assert.equal(pickSolver([solver('gatewayHTTPRoute', { dnsZones: ['ample.com'] })], 'a.example.com'), undefined);
  assert.equal(pickSolver([solver('gatewayHTTPRoute', { dnsZones: ['example.com'] })], 'example.com'), 0);
});

test('matchLabels, read against the Order, leave the choice unknown', () => {
  const solvers = [solver('gatewayHTTPRoute'), solver('dns01', { matchLabels: 1 })];
  assert.equal(pickSolver(solvers, 'a.example.com'), undefined);
});
