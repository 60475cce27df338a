#!/usr/bin/env node
// Writes the served GraphQL schema to apps/api/schema.graphql (run by `npm run build`).
process.env.SWC_NODE_PROJECT ??= require('path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('reflect-metadata');
const { writeFileSync } = require('fs');
const { join } = require('path');
const { generateSchemaText } = require('../apps/api/src/schema-file.ts');

generateSchemaText()
  .then((text) => {
    const file = join(__dirname, '..', 'apps/api/schema.graphql');
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
