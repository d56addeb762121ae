/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, port 0) for MX tests: it answers MX
 * queries for the domains it is given, says "no such domain" for the rest, and counts queries.
 * Point the binary at it with HOTPASS_DNS_SERVER=127.0.0.1:PORT.
 */
import dgram from "node:dgram";

export interface DnsServer {
  address: string;
  /** Query names in arrival order (lower case). */
  queries: string[];
  close(): Promise<void>;
}

function encodeName(name: string): Buffer {
  const labels = name.split(".").filter((label) => label !== "");
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
}

function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (message[i] !== 0) {
    const length = message[i]!;
    labels.push(message.subarray(i + 1, i + 1 + length).toString("ascii"));
    i += length + 1;
  }
  return { name: labels.join(".").toLowerCase(), end: i + 1 };
}

/** `mx` maps a domain to its mail exchanger; a domain mapped to null exists but has no MX. */
export async function startDnsServer(mx: Record<string, string | null>): Promise<DnsServer> {
  const socket = dgram.createSocket("udp4");
  const queries: string[] = [];
  socket.on("message", (message, peer) => {
    const { name, end } = readName(message, 12);
    queries.push(name);
    const question = message.subarray(12, end + 4);
    const known = Object.hasOwn(mx, name);
    const exchange = known ? mx[name] : null;
    const answers: Buffer[] = [];
    if (exchange) {
      const rdata = Buffer.concat([Buffer.from([0, 10]), encodeName(exchange)]);
      answers.push(Buffer.concat([Buffer.from([0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0, 60, 0, rdata.length]), rdata]));
    }
    const rcode = known ? 0 : 3; // NXDOMAIN for names it does not know
    const header = Buffer.from([message[0]!, message[1]!, 0x85, 0x80 | rcode, 0, 1, 0, answers.length, 0, 0, 0, 0]);
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
