// One object that passes and one that breaks each CEL rule (`x-kubernetes-validations`) of the
// bundled Gateway API CRDs, as the value at the rule's field (flow YAML). Rules of the common
// shapes (a filter's type against its field, a filter that may not repeat) get generated cases;
// test/admission.test.ts fails for any rule with neither.

export interface RuleCase {
  pass: string;
  fail: string;
}

export const RULE_CASES: Record<string, RuleCase> = {
  "self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))":
    {
      pass: '[{group: g, kind: K, name: a, sectionName: s}, {group: g, kind: K, name: a, sectionName: t}]',
      fail: '[{group: g, kind: K, name: a, sectionName: s}, {group: g, kind: K, name: a}]',
    },
  "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))":
    {
      pass: '[{group: g, kind: K, name: a, sectionName: s}, {group: g, kind: K, name: a, sectionName: t}]',
      fail: '[{group: g, kind: K, name: a, sectionName: s}, {group: g, kind: K, name: a, sectionName: s}]',
    },
  '!(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 && has(self.wellKnownCACertificates) && self.wellKnownCACertificates != "")':
    {
      pass: "{caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}]}",
      fail: "{caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}], wellKnownCACertificates: System}",
    },
  '(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 || has(self.wellKnownCACertificates) && self.wellKnownCACertificates != "")':
    { pass: '{wellKnownCACertificates: System}', fail: '{caCertificateRefs: []}' },
  '!(self.type == "Hostname" && (!has(self.hostname) || self.hostname == ""))': {
    pass: '{type: Hostname, hostname: a.example.com}',
    fail: '{type: Hostname}',
  },
  '!(self.type != "Hostname" && has(self.hostname) && self.hostname != "")': {
    pass: "{type: URI, uri: 'spiffe://a'}",
    fail: '{type: URI, hostname: a.example.com}',
  },
  '!(self.type == "URI" && (!has(self.uri) || self.uri == ""))': {
    pass: "{type: URI, uri: 'spiffe://a'}",
    fail: "{type: URI, uri: ''}",
  },
  '!(self.type != "URI" && has(self.uri) && self.uri != "")': {
    pass: '{type: Hostname, hostname: a.example.com}',
    fail: "{type: Hostname, hostname: a.example.com, uri: 'spiffe://a'}",
  },
  "self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )":
    {
      pass: '[{type: IPAddress, value: 10.0.0.1}, {type: IPAddress, value: 10.0.0.2}]',
      fail: '[{value: 10.0.0.1}, {type: IPAddress, value: 10.0.0.1}]',
    },
  "self.all(a1, a1.type == 'Hostname'  && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )":
    {
      pass: '[{type: Hostname, value: a.example.com}, {type: Hostname, value: b.example.com}]',
      fail: '[{type: Hostname, value: a.example.com}, {type: Hostname, value: a.example.com}]',
    },
  'self.type == \'Hostname\' ? (!has(self.value) || self.value.matches(r"""^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$""")): true':
    { pass: '{type: Hostname, value: gw.example.com}', fail: '{type: Hostname, value: Gw.Example.com}' },
  'self.all(key, key.matches(r"""^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$"""))':
    { pass: '{example.com/team: a, tier: b}', fail: "{'bad key': a}" },
  'self.all(key, key.split("/")[0].size() < 253)': {
    pass: '{example.com/team: a}',
    fail: '{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/team: a}',
  },
  "self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)": {
    pass: '[{name: a, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: c}]}}]',
    fail: '[{name: a, protocol: HTTP, port: 80, tls: {certificateRefs: [{name: c}]}}]',
  },
  "self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)": {
    pass: '[{name: a, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: c}]}}]',
    fail: '[{name: a, protocol: HTTPS, port: 443, tls: {mode: Passthrough}}]',
  },
  "self.all(l, (l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode) && l.tls.mode != '' : true))": {
    pass: '[{name: a, protocol: TLS, port: 443, tls: {certificateRefs: [{name: c}]}}]',
    fail: '[{name: a, protocol: TLS, port: 443}]',
  },
  "self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) || l.hostname == '') : true)": {
    pass: '[{name: a, protocol: TCP, port: 5432}]',
    fail: '[{name: a, protocol: TCP, port: 5432, hostname: db.example.com}]',
  },
  'self.all(l1, self.exists_one(l2, l1.name == l2.name))': {
    pass: '[{name: a, protocol: HTTP, port: 80}, {name: b, protocol: HTTP, port: 8080}]',
    fail: '[{name: a, protocol: HTTP, port: 80}, {name: a, protocol: HTTP, port: 8080}]',
  },
  'self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))':
    {
      pass: '[{name: a, protocol: HTTP, port: 80}, {name: b, protocol: HTTP, port: 80, hostname: b.example.com}]',
      fail: '[{name: a, protocol: HTTP, port: 80}, {name: b, protocol: HTTP, port: 80}]',
    },
  "self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true": {
    pass: '{mode: Terminate, certificateRefs: [{name: c}]}',
    fail: '{mode: Terminate, certificateRefs: [], options: {}}',
  },
  'self.all(t1, self.exists_one(t2, t1.port == t2.port))': {
    pass: "[{port: 443, tls: {validation: {caCertificateRefs: [{group: '', kind: ConfigMap, name: a}]}}}, {port: 8443, tls: {validation: {caCertificateRefs: [{group: '', kind: ConfigMap, name: a}]}}}]",
    fail: "[{port: 443, tls: {validation: {caCertificateRefs: [{group: '', kind: ConfigMap, name: a}]}}}, {port: 443, tls: {validation: {caCertificateRefs: [{group: '', kind: ConfigMap, name: b}]}}}]",
  },
  'self.type == \'Hostname\' ? self.value.matches(r"""^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"""): true':
    { pass: '{type: Hostname, value: gw.example.com}', fail: '{type: Hostname, value: GW}' },
  "self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))":
    {
      pass: '[{group: g, kind: K, name: a, sectionName: s}, {group: g, kind: K, name: a, sectionName: t}]',
      fail: '[{group: g, kind: K, name: a, namespace: n, sectionName: s}, {group: g, kind: K, name: a, namespace: n}]',
    },
  "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))":
    {
      pass: '[{group: g, kind: K, name: a, sectionName: s}, {group: g, kind: K, name: a, namespace: other, sectionName: s}]',
      fail: '[{group: g, kind: K, name: a, namespace: n, sectionName: s}, {group: g, kind: K, name: a, namespace: n, sectionName: s}]',
    },
  '(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.size() : 0) : 0) + (self.size() > 1 ? (has(self[1].matches) ? self[1].matches.size() : 0) : 0) + (self.size() > 2 ? (has(self[2].matches) ? self[2].matches.size() : 0) : 0) + (self.size() > 3 ? (has(self[3].matches) ? self[3].matches.size() : 0) : 0) + (self.size() > 4 ? (has(self[4].matches) ? self[4].matches.size() : 0) : 0) + (self.size() > 5 ? (has(self[5].matches) ? self[5].matches.size() : 0) : 0) + (self.size() > 6 ? (has(self[6].matches) ? self[6].matches.size() : 0) : 0) + (self.size() > 7 ? (has(self[7].matches) ? self[7].matches.size() : 0) : 0) + (self.size() > 8 ? (has(self[8].matches) ? self[8].matches.size() : 0) : 0) + (self.size() > 9 ? (has(self[9].matches) ? self[9].matches.size() : 0) : 0) + (self.size() > 10 ? (has(self[10].matches) ? self[10].matches.size() : 0) : 0) + (self.size() > 11 ? (has(self[11].matches) ? self[11].matches.size() : 0) : 0) + (self.size() > 12 ? (has(self[12].matches) ? self[12].matches.size() : 0) : 0) + (self.size() > 13 ? (has(self[13].matches) ? self[13].matches.size() : 0) : 0) + (self.size() > 14 ? (has(self[14].matches) ? self[14].matches.size() : 0) : 0) + (self.size() > 15 ? (has(self[15].matches) ? self[15].matches.size() : 0) : 0) <= 128':
    {
      pass: '[{matches: [{method: {service: a}}]}, {}]',
      fail: '[{matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}, {matches: [{method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}, {method: {service: a}}]}]',
    },
  "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true": {
    pass: "{group: '', kind: Service, name: web, port: 80}",
    fail: "{group: '', kind: Service, name: web}",
  },
  '!(has(self.percent) && has(self.fraction))': {
    pass: '{backendRef: {name: m, port: 80}, percent: 10}',
    fail: '{backendRef: {name: m, port: 80}, percent: 10, fraction: {numerator: 1, denominator: 10}}',
  },
  'self.numerator <= self.denominator': {
    pass: '{numerator: 1, denominator: 10}',
    fail: '{numerator: 11, denominator: 10}',
  },
  'has(self.type) ? has(self.service) || has(self.method) : true': {
    pass: '{type: Exact, service: a.B}',
    fail: '{type: Exact}',
  },
  '(!has(self.type) || self.type == \'Exact\') && has(self.service) ? self.service.matches(r"""^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$"""): true':
    { pass: '{type: Exact, service: Com.Example.Users}', fail: '{type: Exact, service: my-service.v1}' },
  '(!has(self.type) || self.type == \'Exact\') && has(self.method) ? self.method.matches(r"""^[A-Za-z_][A-Za-z_0-9]*$"""): true':
    { pass: '{type: Exact, method: Get_1}', fail: '{type: Exact, method: get-user}' },
  '(self.size() > 0 ? self[0].matches.size() : 0) + (self.size() > 1 ? self[1].matches.size() : 0) + (self.size() > 2 ? self[2].matches.size() : 0) + (self.size() > 3 ? self[3].matches.size() : 0) + (self.size() > 4 ? self[4].matches.size() : 0) + (self.size() > 5 ? self[5].matches.size() : 0) + (self.size() > 6 ? self[6].matches.size() : 0) + (self.size() > 7 ? self[7].matches.size() : 0) + (self.size() > 8 ? self[8].matches.size() : 0) + (self.size() > 9 ? self[9].matches.size() : 0) + (self.size() > 10 ? self[10].matches.size() : 0) + (self.size() > 11 ? self[11].matches.size() : 0) + (self.size() > 12 ? self[12].matches.size() : 0) + (self.size() > 13 ? self[13].matches.size() : 0) + (self.size() > 14 ? self[14].matches.size() : 0) + (self.size() > 15 ? self[15].matches.size() : 0) <= 128':
    {
      pass: '[{matches: [{path: {type: PathPrefix, value: /}}]}]',
      fail: '[{matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}, {matches: [{path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}, {path: {type: PathPrefix, value: /}}]}]',
    },
  '(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters) || self.filters.all(f, !has(f.requestRedirect))): true':
    {
      pass: '{backendRefs: [{name: web, port: 80}], filters: [{type: URLRewrite, urlRewrite: {hostname: a}}]}',
      fail: '{backendRefs: [{name: web, port: 80}], filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]}',
    },
  "(has(self.filters) && self.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      pass: '{matches: [{path: {type: PathPrefix, value: /a}}], filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}',
      fail: '{matches: [{path: {type: Exact, value: /a}}], filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}',
    },
  "(has(self.filters) && self.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      pass: '{matches: [{path: {type: PathPrefix, value: /a}}], filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}',
      fail: '{matches: [{path: {type: PathPrefix, value: /a}}, {path: {type: PathPrefix, value: /c}}], filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}',
    },
  "(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      pass: '{matches: [{path: {type: PathPrefix, value: /a}}], backendRefs: [{name: web, port: 80, filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}]}',
      fail: '{matches: [{path: {type: Exact, value: /a}}], backendRefs: [{name: web, port: 80, filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}]}',
    },
  "(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      pass: '{matches: [{path: {type: PathPrefix, value: /a}}], backendRefs: [{name: web, port: 80, filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}]}',
      fail: '{matches: [{path: {type: PathPrefix, value: /a}}, {path: {type: PathPrefix, value: /c}}], backendRefs: [{name: web, port: 80, filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}]}',
    },
  "!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))": {
    pass: '[{type: RequestRedirect, requestRedirect: {scheme: https}}]',
    fail: '[{type: RequestRedirect, requestRedirect: {scheme: https}}, {type: URLRewrite, urlRewrite: {hostname: a}}]',
  },
  "!('*' in self && self.size() > 1)": { pass: "['*']", fail: "['*', X-Custom]" },
  "self.type == 'ReplaceFullPath' ? has(self.replaceFullPath) : true": {
    pass: '{type: ReplaceFullPath, replaceFullPath: /a}',
    fail: '{type: ReplaceFullPath}',
  },
  "has(self.replaceFullPath) ? self.type == 'ReplaceFullPath' : true": {
    pass: '{type: ReplaceFullPath, replaceFullPath: /a}',
    fail: '{type: ReplacePrefixMatch, replaceFullPath: /a}',
  },
  "self.type == 'ReplacePrefixMatch' ? has(self.replacePrefixMatch) : true": {
    pass: '{type: ReplacePrefixMatch, replacePrefixMatch: /a}',
    fail: '{type: ReplacePrefixMatch}',
  },
  "has(self.replacePrefixMatch) ? self.type == 'ReplacePrefixMatch' : true": {
    pass: '{type: ReplacePrefixMatch, replacePrefixMatch: /a}',
    fail: '{type: ReplaceFullPath, replacePrefixMatch: /a}',
  },
  "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true": {
    pass: '{type: PathPrefix, value: /api}',
    fail: '{type: PathPrefix, value: api}',
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true": {
    pass: '{type: Exact, value: /a/b}',
    fail: '{type: Exact, value: /a//b}',
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/./') : true": {
    pass: '{type: Exact, value: /a/b}',
    fail: '{type: Exact, value: /a/./b}',
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/../') : true": {
    pass: '{type: Exact, value: /a/b}',
    fail: '{type: Exact, value: /a/../b}',
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2f') : true": {
    pass: '{type: Exact, value: /a%20b}',
    fail: '{type: Exact, value: /a%2fb}',
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2F') : true": {
    pass: '{type: Exact, value: /a%20b}',
    fail: '{type: Exact, value: /a%2Fb}',
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('#') : true": {
    pass: "{type: RegularExpression, value: '/a#'}",
    fail: "{type: Exact, value: '/a#b'}",
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/..') : true": {
    pass: '{type: Exact, value: /a/b..}',
    fail: '{type: Exact, value: /a/..}',
  },
  "(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/.') : true": {
    pass: '{type: Exact, value: /a/b.}',
    fail: '{type: Exact, value: /a/.}',
  },
  "self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'": {
    pass: "{type: RegularExpression, value: '/a.*'}",
    fail: '{type: Regex, value: /a}',
  },
  '(self.type in [\'Exact\',\'PathPrefix\']) ? self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&\'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""") : true':
    { pass: "{type: PathPrefix, value: '/a~b@c'}", fail: "{type: PathPrefix, value: '/a b'}" },
  "!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))":
    { pass: '{request: 10s, backendRequest: 5s}', fail: '{request: 1s, backendRequest: 1m}' },
  'self.all(l1, !has(l1.port) || self.exists_one(l2, has(l2.port) && l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))':
    {
      pass: '[{name: a, protocol: HTTP, port: 80}, {name: b, protocol: HTTP, port: 81}]',
      fail: '[{name: a, protocol: HTTP, port: 80}, {name: b, protocol: HTTP, port: 80}]',
    },
  'self.all(h, !isIP(h))': { pass: '[a.example.com]', fail: '[10.0.0.1]' },
  "self.all(h, !h.contains('*') ? h.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$') : true)":
    { pass: "[a.example.com, '*.example.com']", fail: '[a_b.example.com]' },
  "self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$')) : true)":
    { pass: "['*.example.com']", fail: "['a.*.example.com']" },
  "self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__)) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '') && (!has(p1.port) || p1.port == 0) == (!has(p2.port) || p2.port == 0)): true))":
    {
      pass: '[{group: g, kind: K, name: a, sectionName: s, port: 80}, {group: g, kind: K, name: a, sectionName: t, port: 81}]',
      fail: '[{group: g, kind: K, name: a, sectionName: s, port: 80}, {group: g, kind: K, name: a, sectionName: t}]',
    },
  "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || ( has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName)) && (((!has(p1.port) || p1.port == 0) && (!has(p2.port) || p2.port == 0)) || (has(p1.port) && has(p2.port) && p1.port == p2.port))))":
    {
      pass: '[{group: g, kind: K, name: a, port: 80}, {group: g, kind: K, name: a, port: 81}]',
      fail: '[{group: g, kind: K, name: a, port: 80}, {group: g, kind: K, name: a, port: 80}]',
    },
  'self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))': {
    pass: '[{name: a}, {name: b}, {}]',
    fail: '[{name: a}, {name: a}]',
  },
  "!has(self.cookie) || !has(self.cookie.lifetimeType) || self.cookie.lifetimeType != 'Permanent' || has(self.absoluteTimeout)":
    {
      pass: '{type: Cookie, cookie: {lifetimeType: Permanent}, absoluteTimeout: 1h}',
      fail: '{type: Cookie, cookie: {lifetimeType: Permanent}}',
    },
  "!has(self.cookie) || self.type == 'Cookie'": {
    pass: '{type: Cookie, cookie: {lifetimeType: Session}}',
    fail: '{type: Header, cookie: {lifetimeType: Session}}',
  },
  "self.type != 'Cookie' || has(self.cookie)": {
    pass: '{type: Cookie, cookie: {lifetimeType: Session}}',
    fail: '{type: Cookie}',
  },
  "!has(self.header) || self.type == 'Header'": {
    pass: '{type: Header, header: {name: x}}',
    fail: '{type: Cookie, header: {name: x}}',
  },
  "self.type != 'Header' || has(self.header)": { pass: '{type: Header, header: {name: x}}', fail: '{type: Header}' },
  "self.protocol == 'GRPC' ? has(self.grpc) : true": {
    pass: '{protocol: GRPC, backendRef: {name: a, port: 9000}, grpc: {}}',
    fail: '{protocol: GRPC, backendRef: {name: a, port: 9000}}',
  },
  "has(self.grpc) ? self.protocol == 'GRPC' : true": {
    pass: '{protocol: GRPC, backendRef: {name: a, port: 9000}, grpc: {}}',
    fail: '{protocol: HTTP, backendRef: {name: a, port: 9000}, grpc: {}, http: {}}',
  },
  "self.protocol == 'HTTP' ? has(self.http) : true": {
    pass: '{protocol: HTTP, backendRef: {name: a, port: 9000}, http: {}}',
    fail: '{protocol: HTTP, backendRef: {name: a, port: 9000}}',
  },
  "has(self.http) ? self.protocol == 'HTTP' : true": {
    pass: '{protocol: HTTP, backendRef: {name: a, port: 9000}, http: {}}',
    fail: '{protocol: GRPC, backendRef: {name: a, port: 9000}, grpc: {}, http: {}}',
  },
  "self.type == 'ExternalHostname' ? has(self.externalHostname) : !has(self.externalHostname)": {
    pass: '{type: ExternalHostname, externalHostname: {hostname: a.example.com}}',
    fail: '{type: ExternalHostname}',
  },
  "!self.endsWith('.cluster.local')": { pass: 'a.example.com', fail: 'db.ns.svc.cluster.local' },
  'size(self) == 0 || format.dns1123Label().validate(self) == null': { pass: 'http-port', fail: 'Http_Port' },
  "self.mode == 'ClientAndServer' ? has(self.clientCertificateRef) : !has(self.clientCertificateRef)": {
    pass: '{mode: ClientAndServer, clientCertificateRef: {name: c}}',
    fail: '{mode: ServerOnly, clientCertificateRef: {name: c}}',
  },
  "!(duration(self) < duration('1s') || duration(self) > duration('1h'))": { pass: '10s', fail: '2h' },
  "!(duration(self) == duration('0s') || duration(self) > duration('1h'))": { pass: '10s', fail: '0s' },
};

/** Cases for the rule shapes that recur per filter type: derived from the expression itself. */
export function generatedCase(expression: string): RuleCase | undefined {
  let m = /^!\(has\(self\.(\w+)\) && self\.type != '(\w+)'\)$/.exec(expression);
  if (m) return { pass: `{type: ${m[2]}, ${m[1]}: {}}`, fail: `{type: Other, ${m[1]}: {}}` };
  m = /^!\(!has\(self\.(\w+)\) && self\.type == '(\w+)'\)$/.exec(expression);
  if (m) return { pass: `{type: ${m[2]}, ${m[1]}: {}}`, fail: `{type: ${m[2]}}` };
  m = /^self\.filter\(f, f\.type == '(\w+)'\)\.size\(\) <= 1$/.exec(expression);
  if (m) return { pass: `[{type: ${m[1]}}]`, fail: `[{type: ${m[1]}}, {type: ${m[1]}}]` };
  return undefined;
}
