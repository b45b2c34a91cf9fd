// What cp checks before it stores a playbook version: the text parses as YAML (one document) and is what
// ansible-playbook runs — a non-empty list of plays, each a mapping with `hosts`. The error names the line, so an
// admin pasting YAML sees where it broke. Deeper checks (modules, variables) are ansible's; run
// `ansible-playbook --syntax-check` locally before uploading.
import { parseAllDocuments } from 'yaml';
import { ValidationError } from '../../shared/errors.js';

export const MAX_PLAYBOOK_BYTES = 512 * 1024;

export const validatePlaybookYaml = (content: string): void => {
  if (content.trim() === '') throw new ValidationError('The playbook is empty.');
  if (Buffer.byteLength(content) > MAX_PLAYBOOK_BYTES) throw new ValidationError(`The playbook is larger than ${MAX_PLAYBOOK_BYTES / 1024} KiB.`);
  const docs = parseAllDocuments(content, { prettyErrors: true });
  if (!Array.isArray(docs)) throw new ValidationError('The playbook holds no YAML document.');
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const where = err.linePos?.[0] ? `line ${err.linePos[0].line}, column ${err.linePos[0].col}` : 'unknown position';
      throw new ValidationError(`Invalid YAML at ${where}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { line: err.linePos?.[0]?.line ?? null });
    }
  }
  if (docs.length !== 1) throw new ValidationError(`The playbook must be one YAML document, found ${docs.length}.`);
  const plays: unknown = docs[0]!.toJS();
  if (!Array.isArray(plays) || plays.length === 0) throw new ValidationError('A playbook must be a non-empty YAML list of plays.');
  plays.forEach((play: unknown, i) => {
    if (typeof play !== 'object' || play === null || Array.isArray(play)) {
      throw new ValidationError(`Play ${i + 1} is not a mapping.`);
    }
    const p = play as Record<string, unknown>;
    const hosts = p.hosts;
    const ok = (typeof hosts === 'string' && hosts.trim() !== '') || (Array.isArray(hosts) && hosts.length > 0);
    if (!ok) throw new ValidationError(`Play ${i + 1}${typeof p.name === 'string' ? ` ("${p.name}")` : ''} has no hosts.`);
  });
};
