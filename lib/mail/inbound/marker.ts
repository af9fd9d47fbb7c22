// The first line of every notification people may answer by email. Inbound mail keeps only what was written
// above it, so the quoted notification never ends up in the reply, whatever the mail client does with quoting.
export const REPLY_ABOVE_MARKER = '## Reply above this line ##';
