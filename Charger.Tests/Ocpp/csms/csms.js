// A strict OCPP 1.6J central system for Charger's tests: ocpp-rpc's RPCServer in strictMode (every message
// validated against the OCPP 1.6 JSON schemas, both directions). It logs every message, validation failure and
// bad message as one JSON line on stdout, and takes commands as JSON lines on stdin (see handleCommand).
// Usage: node csms.js  (listens on 127.0.0.1, an ephemeral port, printed as {"event":"listening","port":N})
'use strict';
const readline = require('readline');
const crypto = require('crypto');
const { RPCServer, createRPCError } = require('ocpp-rpc');

const log = (event, fields) => process.stdout.write(JSON.stringify({ event, at: new Date().toISOString(), ...fields }) + '\n');

// What the CSMS answers; commands change it.
const behaviour = {
  bootStatus: 'Accepted',
  bootInterval: 300,
  // How many StopTransaction.req get a CALLERROR (InternalError) before one is accepted.
  stopTransactionErrors: 0,
  // Milliseconds before StartTransaction.conf is sent.
  startTransactionDelayMs: 0,
  authorizeStatus: 'Accepted',
  // idTag -> idTagInfo status, over authorizeStatus (Authorize and StartTransaction).
  authorizeStatusByIdTag: {},
};
const statusOf = idTag => behaviour.authorizeStatusByIdTag[idTag] ?? behaviour.authorizeStatus;
let nextTransactionId = 1000;
const clients = new Map();
let server = null;
let port = 0;

function attach(client) {
  const identity = client.identity;
  clients.set(identity, client);
  log('connected', { identity, protocol: client.protocol, password: client.session.hasPassword });
  client.on('message', ({ message, outbound }) => {
    let payload;
    try { payload = JSON.parse(message.toString()); } catch { payload = message.toString(); }
    log('message', { identity, outbound, payload });
  });
  client.on('strictValidationFailure', ({ messageId, method, outbound, isCall, error }) =>
    log('validationFailure', { identity, messageId, method, outbound, isCall, error: String(error && error.message || error), details: error && error.details }));
  client.on('badMessage', ({ buffer, error }) => log('badMessage', { identity, text: buffer.toString(), error: String(error && error.message || error) }));
  client.on('close', ({ code, reason }) => {
    if (clients.get(identity) === client) clients.delete(identity);
    log('disconnected', { identity, code, reason: String(reason || '') });
  });

  client.handle('BootNotification', () => ({ status: behaviour.bootStatus, currentTime: new Date().toISOString(), interval: behaviour.bootInterval }));
  client.handle('Heartbeat', () => ({ currentTime: new Date().toISOString() }));
  client.handle('StatusNotification', () => ({}));
  client.handle('Authorize', ({ params }) => ({ idTagInfo: { status: statusOf(params.idTag) } }));
  client.handle('StartTransaction', async ({ params }) => {
    if (behaviour.startTransactionDelayMs > 0) await new Promise(r => setTimeout(r, behaviour.startTransactionDelayMs));
    return { transactionId: nextTransactionId++, idTagInfo: { status: statusOf(params.idTag) } };
  });
  client.handle('StopTransaction', () => {
    if (behaviour.stopTransactionErrors > 0) {
      behaviour.stopTransactionErrors--;
      throw createRPCError('InternalError', 'the test CSMS refuses this StopTransaction');
    }
    return { idTagInfo: { status: 'Accepted' } };
  });
  client.handle('MeterValues', () => ({}));
  client.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));
  client.handle(({ method }) => { throw createRPCError('NotImplemented', `the test CSMS has no handler for ${method}`); });
}

async function listen() {
  server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true, callTimeoutMs: 15000 });
  server.auth((accept, reject, handshake) => {
    log('handshake', {
      identity: handshake.identity,
      endpoint: handshake.endpoint,
      protocols: [...handshake.protocols],
      // Only its hash: this log may be printed, the password itself never is.
      passwordSha256: handshake.password ? crypto.createHash('sha256').update(handshake.password).digest('hex') : null,
    });
    if (!handshake.protocols.has('ocpp1.6')) return reject(400, 'ocpp1.6 required');
    accept({ hasPassword: !!handshake.password });
  });
  server.on('client', attach);
  const http = await server.listen(port, '127.0.0.1');
  port = http.address().port;
  log('listening', { port });
}

async function handleCommand(command) {
  const ref = command.ref;
  try {
    switch (command.cmd) {
      case 'set':
        Object.assign(behaviour, command.values);
        log('done', { ref });
        break;
      case 'call': {
        const client = clients.get(command.identity) ?? [...clients.values()][0];
        if (!client) throw new Error('no charge point connected');
        const result = await client.call(command.method, command.params);
        log('callResult', { ref, method: command.method, result });
        break;
      }
      case 'raw': {
        const client = clients.get(command.identity) ?? [...clients.values()][0];
        if (!client) throw new Error('no charge point connected');
        client.sendRaw(command.text);
        log('done', { ref });
        break;
      }
      case 'down':
        // The CSMS goes away: every connection closes and nothing listens on the port until 'up'.
        await server.close({ code: 1001, reason: 'going away', force: true });
        server = null;
        log('done', { ref });
        break;
      case 'up':
        await listen();
        log('done', { ref });
        break;
      default:
        throw new Error(`unknown command ${command.cmd}`);
    }
  } catch (error) {
    log('callError', { ref, method: command.method, code: error.rpcErrorCode ?? null, error: String(error && error.message || error) });
  }
}

readline.createInterface({ input: process.stdin }).on('line', line => {
  if (!line.trim()) return;
  let command;
  try { command = JSON.parse(line); } catch (e) { log('badCommand', { line }); return; }
  handleCommand(command);
}).on('close', () => process.exit(0));

listen().catch(error => { log('fatal', { error: String(error) }); process.exit(1); });
