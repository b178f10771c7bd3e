// The port-and-encryption fix the WordPress mail plugins share: each keeps a port and an encryption key whose values
// are 'tls' (STARTTLS) and 'ssl' (implicit TLS) in one JSON object; key names, how a new port is written and where new
// keys go differ per plugin.
import type { Node } from 'jsonc-parser';
import type { TextEdit } from '../../model';
import { insertProperties, replaceNode, valueAt, type JsonDoc } from './json-doc';
import { holdsPort, portJson } from './values';

export interface TransportObject {
  obj: Node;
  portKey: string;
  encryptionKey: string;
  encryptionNode: Node | undefined;
  /** The encryption value as the file has it. */
  encryption: string | undefined;
  /** How a port is written when the object has none (FluentSMTP saves every field as text). */
  newPortType: 'number' | 'string';
  /** New keys go after this property (else after the object's last one). */
  insertAfter?: Node;
}

/** Edits that make the object use `port` with `mode`: values replaced where the keys exist, missing keys added. */
export function tlsTransportEdits(doc: JsonDoc, target: TransportObject, port: number, mode: 'starttls' | 'implicit'): (TextEdit | undefined)[] {
  const edits: (TextEdit | undefined)[] = [];
  const inserts: [string, string][] = [];
  const portNode = valueAt(target.obj, target.portKey);
  if (portNode) {
    if (!holdsPort(portNode, port)) edits.push(replaceNode(portNode, portJson(port, portNode, target.newPortType)));
  } else inserts.push([target.portKey, portJson(port, undefined, target.newPortType)]);
  const wanted = mode === 'starttls' ? 'tls' : 'ssl';
  if (target.encryptionNode) {
    if (target.encryption !== wanted) edits.push(replaceNode(target.encryptionNode, JSON.stringify(wanted)));
  } else inserts.push([target.encryptionKey, JSON.stringify(wanted)]);
  edits.push(insertProperties(doc, target.obj, target.insertAfter, inserts));
  return edits;
}
