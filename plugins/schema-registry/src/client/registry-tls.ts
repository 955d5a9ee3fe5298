/**
 * TLS to the registry, from Confluent's `schema.registry.ssl.*` keys (Kafka's SSL config names under that
 * prefix) in the forms Node's TLS can take: a PEM trust store (the certificates inline, or a PEM file), a
 * PEM key store (key and certificate chain inline, or one PEM file holding both) or a PKCS12 key store
 * file, and `endpoint.identification.algorithm` (`https`: the host name is checked; empty: only the
 * chain). JKS stores, and PKCS12 trust stores (certificates without a key, which Node's TLS cannot load),
 * are refused with a message saying how to convert them. With no trust store, Node's public CAs apply.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { type ConfigDef, ConfigError, ConfigType, Importance } from 'lambda-connect/api';

const P = 'schema.registry.ssl.';

export const RegistryTlsKeys = {
  TRUSTSTORE_TYPE: `${P}truststore.type`,
  TRUSTSTORE_LOCATION: `${P}truststore.location`,
  TRUSTSTORE_PASSWORD: `${P}truststore.password`,
  TRUSTSTORE_CERTIFICATES: `${P}truststore.certificates`,
  KEYSTORE_TYPE: `${P}keystore.type`,
  KEYSTORE_LOCATION: `${P}keystore.location`,
  KEYSTORE_PASSWORD: `${P}keystore.password`,
  KEYSTORE_KEY: `${P}keystore.key`,
  KEYSTORE_CERTIFICATE_CHAIN: `${P}keystore.certificate.chain`,
  KEY_PASSWORD: `${P}key.password`,
  ENDPOINT_IDENTIFICATION: `${P}endpoint.identification.algorithm`,
} as const;

/** What the HTTPS agent is built with (Node's `tls.connect` options). */
export interface RegistryTls {
  /** PEM CA certificates replacing Node's public CAs; absent: the public CAs. */
  readonly ca?: string;
  readonly key?: string;
  readonly cert?: string;
  readonly pfx?: Buffer;
  readonly passphrase?: string;
  /** False when `endpoint.identification.algorithm` is empty: the chain is checked, the host name not. */
  readonly checkHostname: boolean;
}

/** Adds the TLS keys (Kafka's names and defaults, under `schema.registry.`) to `def`. */
export function defineRegistryTls(def: ConfigDef): ConfigDef {
  const string = (name: string, defaultValue: string | null, documentation: string) =>
    def.define({ name, type: ConfigType.STRING, defaultValue, importance: Importance.LOW, documentation });
  const password = (name: string, documentation: string) =>
    def.define({ name, type: ConfigType.PASSWORD, defaultValue: null, importance: Importance.LOW, documentation });
  string(
    RegistryTlsKeys.TRUSTSTORE_TYPE,
    'JKS',
    'The file format of the trust store: PEM (here also PKCS12 key stores only; JKS must be converted).',
  );
  string(RegistryTlsKeys.TRUSTSTORE_LOCATION, null, 'The location of the trust store file (PEM).');
  password(RegistryTlsKeys.TRUSTSTORE_PASSWORD, 'The password for the trust store file (not needed for PEM).');
  password(
    RegistryTlsKeys.TRUSTSTORE_CERTIFICATES,
    'Trusted certificates in PEM format (schema.registry.ssl.truststore.type=PEM).',
  );
  string(
    RegistryTlsKeys.KEYSTORE_TYPE,
    'JKS',
    'The file format of the key store: PEM or PKCS12 (JKS must be converted).',
  );
  string(
    RegistryTlsKeys.KEYSTORE_LOCATION,
    null,
    'The location of the key store file (PKCS12, or PEM with key and chain).',
  );
  password(RegistryTlsKeys.KEYSTORE_PASSWORD, 'The store password for the key store file.');
  password(
    RegistryTlsKeys.KEYSTORE_KEY,
    'Private key in PEM format (PKCS#8, encrypted with schema.registry.ssl.key.password or not). Give it by reference.',
  );
  password(
    RegistryTlsKeys.KEYSTORE_CERTIFICATE_CHAIN,
    'Certificate chain in PEM format, for schema.registry.ssl.keystore.key.',
  );
  password(RegistryTlsKeys.KEY_PASSWORD, 'The password of the private key in the key store.');
  string(
    RegistryTlsKeys.ENDPOINT_IDENTIFICATION,
    'https',
    'The endpoint identification algorithm to validate the server host name with the server certificate: https, or empty to check the certificate chain only.',
  );
  return def;
}

/** The TLS options the keys describe; undefined when none is set (Node's defaults). Throws `ConfigError`. */
export function parseRegistryTls(parsed: ReadonlyMap<string, unknown>): RegistryTls | undefined {
  const get = (key: string): string | undefined => {
    const value = parsed.get(key);
    return value === null || value === undefined || value === '' ? undefined : String(value);
  };
  const checkHostname = (get(RegistryTlsKeys.ENDPOINT_IDENTIFICATION) ?? '').toLowerCase() === 'https';
  const algorithm = get(RegistryTlsKeys.ENDPOINT_IDENTIFICATION);
  if (algorithm !== undefined && algorithm.toLowerCase() !== 'https')
    throw ConfigError.invalidValue(RegistryTlsKeys.ENDPOINT_IDENTIFICATION, algorithm, 'expected https or empty');
  const trust = trustStore(get);
  const keys = keyStore(get);
  if (trust === undefined && keys === undefined && checkHostname) return undefined;
  const tls: RegistryTls = { ...trust, ...keys, checkHostname };
  try {
    // Loads the stores now: a wrong password or a broken PEM is a config error, not a failed request later.
    createSecureContext({ ...tls });
  } catch (error) {
    const key = keys === undefined ? RegistryTlsKeys.TRUSTSTORE_LOCATION : RegistryTlsKeys.KEYSTORE_LOCATION;
    throw ConfigError.invalidValue(key, '[hidden]', `the TLS stores cannot be loaded: ${(error as Error).message}`);
  }
  return tls;
}

function trustStore(get: (key: string) => string | undefined): Pick<RegistryTls, 'ca'> | undefined {
  const type = (get(RegistryTlsKeys.TRUSTSTORE_TYPE) ?? 'JKS').toUpperCase();
  const location = get(RegistryTlsKeys.TRUSTSTORE_LOCATION);
  const certificates = get(RegistryTlsKeys.TRUSTSTORE_CERTIFICATES);
  if (certificates !== undefined) {
    if (type !== 'PEM')
      throw ConfigError.invalidValue(
        RegistryTlsKeys.TRUSTSTORE_CERTIFICATES,
        '[hidden]',
        `trust store certificates can be given only with ${RegistryTlsKeys.TRUSTSTORE_TYPE}=PEM`,
      );
    if (location !== undefined)
      throw ConfigError.invalidValue(
        RegistryTlsKeys.TRUSTSTORE_LOCATION,
        location,
        `give either ${RegistryTlsKeys.TRUSTSTORE_CERTIFICATES} or a trust store file, not both`,
      );
    return { ca: pem(certificates, 'CERTIFICATE', RegistryTlsKeys.TRUSTSTORE_CERTIFICATES) };
  }
  if (location === undefined) return undefined;
  if (type === 'PEM')
    return {
      ca: pem(
        readStore(RegistryTlsKeys.TRUSTSTORE_LOCATION, location).toString('utf8'),
        'CERTIFICATE',
        RegistryTlsKeys.TRUSTSTORE_LOCATION,
      ),
    };
  throw ConfigError.invalidValue(
    RegistryTlsKeys.TRUSTSTORE_TYPE,
    type,
    `${type} trust stores cannot be read here (Node's TLS loads PEM certificates only): export the certificates as PEM (keytool -exportcert -rfc -keystore <store> -alias <alias>, or openssl pkcs12 -nokeys) and set ${RegistryTlsKeys.TRUSTSTORE_TYPE}=PEM with ${RegistryTlsKeys.TRUSTSTORE_CERTIFICATES} or a PEM ${RegistryTlsKeys.TRUSTSTORE_LOCATION}`,
  );
}

function keyStore(
  get: (key: string) => string | undefined,
): Pick<RegistryTls, 'key' | 'cert' | 'pfx' | 'passphrase'> | undefined {
  const type = (get(RegistryTlsKeys.KEYSTORE_TYPE) ?? 'JKS').toUpperCase();
  const location = get(RegistryTlsKeys.KEYSTORE_LOCATION);
  const key = get(RegistryTlsKeys.KEYSTORE_KEY);
  const chain = get(RegistryTlsKeys.KEYSTORE_CERTIFICATE_CHAIN);
  const keyPassword = get(RegistryTlsKeys.KEY_PASSWORD);
  const passphrase = keyPassword === undefined ? {} : { passphrase: keyPassword };
  if (key !== undefined || chain !== undefined) {
    if (type !== 'PEM')
      throw ConfigError.invalidValue(
        key !== undefined ? RegistryTlsKeys.KEYSTORE_KEY : RegistryTlsKeys.KEYSTORE_CERTIFICATE_CHAIN,
        '[hidden]',
        `a key and certificate chain can be given only with ${RegistryTlsKeys.KEYSTORE_TYPE}=PEM`,
      );
    if (key === undefined || chain === undefined)
      throw ConfigError.invalidValue(
        key === undefined ? RegistryTlsKeys.KEYSTORE_KEY : RegistryTlsKeys.KEYSTORE_CERTIFICATE_CHAIN,
        '',
        `${RegistryTlsKeys.KEYSTORE_KEY} and ${RegistryTlsKeys.KEYSTORE_CERTIFICATE_CHAIN} go together`,
      );
    return {
      key: pem(key, 'PRIVATE KEY', RegistryTlsKeys.KEYSTORE_KEY),
      cert: pem(chain, 'CERTIFICATE', RegistryTlsKeys.KEYSTORE_CERTIFICATE_CHAIN),
      ...passphrase,
    };
  }
  if (location === undefined) return undefined;
  if (type !== 'PEM' && type !== 'PKCS12')
    throw ConfigError.invalidValue(
      RegistryTlsKeys.KEYSTORE_TYPE,
      type,
      `${type} key stores cannot be read here: convert to PKCS12 (keytool -importkeystore -srckeystore <store> -destkeystore <store>.p12 -deststoretype PKCS12) or give ${RegistryTlsKeys.KEYSTORE_TYPE}=PEM with ${RegistryTlsKeys.KEYSTORE_KEY} and ${RegistryTlsKeys.KEYSTORE_CERTIFICATE_CHAIN}`,
    );
  const store = readStore(RegistryTlsKeys.KEYSTORE_LOCATION, location);
  if (type === 'PEM') {
    const text = store.toString('utf8');
    return {
      key: pem(text, 'PRIVATE KEY', RegistryTlsKeys.KEYSTORE_LOCATION),
      cert: pem(text, 'CERTIFICATE', RegistryTlsKeys.KEYSTORE_LOCATION),
      ...passphrase,
    };
  }
  // PKCS12. Java may protect the key with its own password; Node's TLS takes one passphrase for the file.
  const password = keyPassword ?? get(RegistryTlsKeys.KEYSTORE_PASSWORD);
  return { pfx: store, ...(password === undefined ? {} : { passphrase: password }) };
}

function readStore(key: string, location: string): Buffer {
  try {
    return readFileSync(location);
  } catch (error) {
    throw ConfigError.invalidValue(key, location, `cannot read the file: ${(error as Error).message}`);
  }
}

/** The PEM text, checked to hold a block of `label` (`PRIVATE KEY` also matches `RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`). */
function pem(text: string, label: string, key: string): string {
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text))
    throw ConfigError.invalidValue(key, '[hidden]', `expected PEM text with a ${label} block`);
  // Node's TLS skips a CA it cannot parse without a word: check each certificate here.
  if (label === 'CERTIFICATE')
    for (const block of text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []) {
      try {
        new X509Certificate(block);
      } catch (error) {
        throw ConfigError.invalidValue(key, '[hidden]', `a certificate cannot be read: ${(error as Error).message}`);
      }
    }
  return text;
}
