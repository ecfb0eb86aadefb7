// An independent Modbus RTU slave for Charger's meter tests: modbus-serial's ServerSerial on a serial device
// (a pseudo-terminal the test gives), serving an Eastron SDM120-style input register map (FC04, IEEE-754 float,
// high word first) and an ABB B23-style holding register map (FC03, scaled integers). Any other address answers
// exception 2 (illegal data address), as the meters do. Usage: node slave.js <device> <baud> <none|even|odd>.
// Prints one JSON line per event on stdout: {"event":"listening"}, {"event":"request","frame":"0104...","crcOk":true}.
"use strict";
const ModbusRTU = require("modbus-serial");
const crc16 = require("modbus-serial/utils/crc16");

const [device, baud, parity] = process.argv.slice(2);
if (!device) {
    console.error("usage: node slave.js <device> <baud> <parity>");
    process.exit(2);
}

function float32(value) {
    const b = Buffer.alloc(4);
    b.writeFloatBE(value);
    return [b.readUInt16BE(0), b.readUInt16BE(2)];
}
function uint32(value) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    return [b.readUInt16BE(0), b.readUInt16BE(2)];
}
function int32(value) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return [b.readUInt16BE(0), b.readUInt16BE(2)];
}
function uint64(value) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(value));
    return [b.readUInt16BE(0), b.readUInt16BE(2), b.readUInt16BE(4), b.readUInt16BE(6)];
}
function place(table, address, words) {
    words.forEach((w, i) => table.set(address + i, w));
}

// SDM120 input registers 0x0000..0x004F (the datasheet's first page); unlisted ones inside read as 0.
const input = new Map();
for (let a = 0x0000; a <= 0x004f; a++) input.set(a, 0);
place(input, 0x0000, float32(231.5));    // voltage, V
place(input, 0x0006, float32(15.25));    // current, A
place(input, 0x000c, float32(3530.375)); // active power, W
place(input, 0x0048, float32(1234.5));   // import active energy, kWh

// ABB B23 holding registers: energy 0x5000 (4 words, 0.01 kWh), 0x5B00.. instantaneous values.
const holding = new Map();
for (let a = 0x5000; a <= 0x5003; a++) holding.set(a, 0);
for (let a = 0x5b00; a <= 0x5b1b; a++) holding.set(a, 0);
place(holding, 0x5000, uint64(9876543));  // 98765.43 kWh
place(holding, 0x5b00, uint32(2301));     // L1 voltage, 0.1 V
place(holding, 0x5b02, uint32(2299));
place(holding, 0x5b04, uint32(2315));
place(holding, 0x5b0c, uint32(1525));     // L1 current, 0.01 A
place(holding, 0x5b0e, uint32(1490));
place(holding, 0x5b10, uint32(12));
place(holding, 0x5b14, int32(677000));    // total active power, 0.01 W
place(holding, 0x5b16, int32(350900));    // L1 active power
place(holding, 0x5b18, int32(327300));
place(holding, 0x5b1a, int32(-1200));     // L3 exporting: a signed value

function lookup(table, address) {
    if (!table.has(address)) throw { modbusErrorCode: 0x02, msg: "Illegal data address " + address };
    return table.get(address);
}

const vector = {
    getInputRegister: (address) => lookup(input, address),
    getHoldingRegister: (address) => lookup(holding, address),
};

function emit(event) {
    process.stdout.write(JSON.stringify(event) + "\n");
}

const server = new ModbusRTU.ServerSerial(vector, {
    path: device,
    baudRate: Number(baud),
    parity: parity || "none",
    unitID: 1,
    openCallback: (err) => {
        if (err) {
            console.error("cannot open " + device + ": " + err.message);
            process.exit(1);
        }
    },
});
// ServerSerial writes the CRC it computed over the request before checking it, so a master's wrong CRC would
// pass unseen: every request frame (as its inter-frame timeout delimits them) is checked here instead.
server._server.on("data", (frame) => {
    const crc = frame.length >= 4 ? frame.readUInt16LE(frame.length - 2) : -1;
    emit({ event: "request", frame: frame.toString("hex"), crcOk: crc === crc16(frame.subarray(0, -2)) });
});
server.on("initialized", () => emit({ event: "listening" }));
server.on("error", (err) => console.error("slave error: " + (err && err.message ? err.message : JSON.stringify(err))));
process.stdin.on("end", () => process.exit(0)); // the test's end closes our stdin
process.stdin.resume();
