// The `kanntk` executable: runs the command line and exits with its status.

import { runCli } from './run-cli.js';

runCli(process.argv.slice(2)).then((code) => process.exit(code));
