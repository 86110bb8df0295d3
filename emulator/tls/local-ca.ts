import { X509Certificate } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "selfsigned";

/** PEM key and certificate chain an HTTPS server presents, plus the CA a client must trust. */
export interface TlsMaterial {
  key: string;
  cert: string;
  /** The local CA's certificate: what a browser or NODE_EXTRA_CA_CERTS is told to trust. */
  ca: string;
}

/** The names the emulator is reached by: the form on 127.0.0.1, sign-in on localhost. */
const SERVER_NAMES = { dns: ["localhost"], ips: ["127.0.0.1", "::1"] };
const CA_DAYS = 3650;
// Browsers refuse server certificates valid for more than 398 days (CA/Browser Forum baseline).
const SERVER_DAYS = 397;
/** A server certificate this close to expiry is replaced at start. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;

const days = (n: number) => new Date(Date.now() + n * 24 * 3600_000);

async function createCa(): Promise<{ key: string; cert: string }> {
  const ca = await generate([{ name: "commonName", value: "Background Sync emulator local CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: days(CA_DAYS),
    extensions: [
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key: ca.private, cert: ca.cert };
}

async function createServerCert(ca: { key: string; cert: string }): Promise<{ key: string; cert: string }> {
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: days(SERVER_DAYS),
    ca,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...SERVER_NAMES.dns.map((value) => ({ type: 2 as const, value })),
          ...SERVER_NAMES.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { key: server.private, cert: server.cert };
}

const readPem = (path: string) => readFile(path, "utf8").catch(() => undefined);

/** Still usable: signed by this CA, valid for a while yet, and naming every address we serve. */
function serverCertUsable(certPem: string, caPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    const names = cert.subjectAltName ?? "";
    return (
      cert.verify(ca.publicKey) &&
      new Date(cert.validTo).getTime() - Date.now() > RENEW_BEFORE_MS &&
      SERVER_NAMES.dns.every((name) => names.includes(`DNS:${name}`)) &&
      names.includes("IP Address:127.0.0.1")
    );
  } catch {
    return false;
  }
}

/**
 * The local CA and server certificate under `dir`, created on first use and kept, so a browser or
 * operating system told once to trust `ca.pem` keeps trusting the emulator across restarts. The
 * server certificate is renewed (by the same CA) when it nears expiry.
 */
export async function loadOrCreateTls(dir: string): Promise<TlsMaterial> {
  const paths = {
    caKey: join(dir, "ca-key.pem"),
    ca: join(dir, "ca.pem"),
    key: join(dir, "server-key.pem"),
    cert: join(dir, "server.pem"),
  };
  await mkdir(dir, { recursive: true });
  let [caKey, caCert] = await Promise.all([readPem(paths.caKey), readPem(paths.ca)]);
  if (caKey === undefined || caCert === undefined) {
    ({ key: caKey, cert: caCert } = await createCa());
    await writeFile(paths.caKey, caKey, { mode: 0o600 });
    await writeFile(paths.ca, caCert);
  }
  let [key, cert] = await Promise.all([readPem(paths.key), readPem(paths.cert)]);
  if (key === undefined || cert === undefined || !serverCertUsable(cert, caCert)) {
    ({ key, cert } = await createServerCert({ key: caKey, cert: caCert }));
    await writeFile(paths.key, key, { mode: 0o600 });
    await writeFile(paths.cert, cert);
  }
  return { key, cert, ca: caCert };
}
