#!/usr/bin/env node
// The CLI is compiled to dist/; this file exists before the build so installs can link it.
import("../dist/cli.js");
