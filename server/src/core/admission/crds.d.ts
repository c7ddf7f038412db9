// The type of `./crds/gateway-api.crds`: the vendored CRD folder, turned into compact JSON by the
// build (esbuild.mjs, plugin `crd-bundle`). Each CRD keeps its upstream shape, without
// descriptions; a version's `schema` is an index into `schemas`, which holds each distinct
// `openAPIV3Schema` once.

declare module '*.crds' {
  const bundle: {
    channels: Record<'standard' | 'experimental', unknown[]>;
    schemas: unknown[];
  };
  export default bundle;
}
