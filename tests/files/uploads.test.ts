import { describe, expect, it } from 'vitest';
import { storeAttachmentFile, SWEEP_GRACE_MS } from '@/lib/files/store';
import { linkUploadScope, readUploadedFiles, signUploadTicket, verifyUploadTicket } from '@/lib/files/uploads';
import { appErrorFrom } from '@/tests/support/helpers';

const file = (text: string, name = 'notes.txt') => storeAttachmentFile({ data: Buffer.from(`${text} ${Math.random()}`), filename: name });

describe('upload tickets', () => {
  it('are bound to who uploaded and cannot be altered', async () => {
    const stored = await file('ticketed');
    const ticket = signUploadTicket(stored, 'agent:1');
    expect(verifyUploadTicket(ticket, 'agent:1')).toEqual(stored);
    expect(verifyUploadTicket(ticket, 'agent:2')).toBeNull();
    expect(verifyUploadTicket(ticket, 'submit')).toBeNull();
    expect(verifyUploadTicket(ticket.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')), 'agent:1')).toBeNull();
    expect(verifyUploadTicket(ticket, 'agent:1', Date.now() + SWEEP_GRACE_MS)).toBeNull();
    expect(linkUploadScope(4, { kind: 'participant', id: 9 })).toBe('link:4:p9');
  });

  it('refuse a whole form the browser reported a problem with, or that carries someone else’s ticket', async () => {
    const stored = await file('form');
    const form = new FormData();
    form.append('upload', signUploadTicket(stored, 'submit'));
    expect(readUploadedFiles(form, 'submit')).toEqual([stored]);
    expect((await appErrorFrom(() => readUploadedFiles(form, 'agent:1'))).status).toBe(422);
    form.append('uploadProblem', '“big.iso” is larger than the 20 MB limit per file.');
    expect((await appErrorFrom(() => readUploadedFiles(form, 'submit'))).message).toContain('big.iso');
  });
});
