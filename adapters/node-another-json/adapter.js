#!/usr/bin/env node
// An adapter of InviteJoin's adapter protocol (spec/vectors/adapter-protocol.md) over another-json, the Matrix team's
// canonical JSON encoder for JavaScript (npm). Run as `node adapter.js SUITE`: it writes its handshake, then answers
// one request line per line. The encoder takes JavaScript values, so a request's text is read with JSON.parse (as a
// JavaScript client reads what it receives); anything JSON.parse or the encoder refuses is answered as invalid.
'use strict';

const readline = require('readline');
const anotherJson = require('another-json');

const suites = ['canonical_json'];
const suite = process.argv[2] || '';
const version = require('another-json/package.json').version;

process.stdout.write(JSON.stringify({
  protocol: 'invitejoin-adapter/2', implementation: 'another-json', version: version, suites: suites, suite: suite,
}) + '\n');

if (suites.includes(suite)) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let reply;
    try {
      const request = JSON.parse(line);
      try {
        reply = { canonical: anotherJson.stringify(JSON.parse(request.input)) };
      } catch (e) {
        reply = { invalid: true, exception_class: e.name };
      }
    } catch (e) {
      reply = { error: { code: 'adapter.internal', message: String(e) } };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  });
}
