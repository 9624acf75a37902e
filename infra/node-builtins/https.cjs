// The built-in `node:https` as CommonJS: see infra/bundling.ts (nodeBuiltinShims) for why.
module.exports = process.getBuiltinModule('node:https');
