#!/usr/bin/env node
// Starts the CLI from the bundled build; `npm run build` creates dist/.
import { main } from '../dist/capacity.js';

process.exitCode = await main(process.argv.slice(2));
