// An independent WebSocket server for mpnet's interop test (NodeInteropTest): Node's ws over TLS.
// Usage: node echo-server.js CERT_CHAIN.pem KEY.pem
// Prints "PORT <n>" once it listens on 127.0.0.1, then "CLOSED <code> <reason>" for each closed socket.
// Ends when its standard input closes, so it never outlives the test that started it.
'use strict';
const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');

const [certFile, keyFile] = process.argv.slice(2);
const server = https.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) });
const wss = new WebSocketServer({
  server,
  perMessageDeflate: true,
  // picks superchat when offered, else answers without a sub-protocol
  handleProtocols: (protocols) => (protocols.has('superchat') ? 'superchat' : false),
});

wss.on('connection', (ws, req) => {
  ws.on('close', (code, reason) => process.stdout.write(`CLOSED ${code} ${reason.toString()}\n`));
  if (req.url === '/close') {
    ws.close(4002, 'node bye');
    return;
  }
  ws.on('message', (data, isBinary) => {
    if (req.url === '/drop') {
      ws.terminate(); // the connection ends without a close frame
      return;
    }
    if (!isBinary && data.toString() === 'handshake?') {
      ws.send(JSON.stringify({ headers: req.headers, protocol: ws.protocol, extensions: ws.extensions }));
      return;
    }
    ws.send(data, { binary: isBinary });
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
