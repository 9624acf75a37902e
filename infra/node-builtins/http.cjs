// The built-in `node:http` as CommonJS: see infra/bundling.ts (nodeBuiltinShims) for why.
module.exports = process.getBuiltinModule('node:http');
