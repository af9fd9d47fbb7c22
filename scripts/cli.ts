// `npm run cli -- <command>`: administration from the shell — agents, API tokens, backups and piped inbound mail.
// Runs with the react-server condition so `import 'server-only'` in lib/ resolves to its empty export.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAgent, getAgentByEmail, resetAgentPassword } from '@/lib/auth/agents';
import { createApiToken } from '@/lib/auth/api-tokens';
import { resetTwoFactor } from '@/lib/auth/two-factor';
import { backupAttachmentsFolder, copyAttachmentsForBackup } from '@/lib/files/backup';
import { systemActor } from '@/lib/core/audit';
import { backupDatabase, getDb, getSqlite } from '@/lib/core/db';
import { EnvError, getEnv, parseEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { AlreadyApplied, applyInboundMessage } from '@/lib/mail/inbound/apply';
import { pipeSourceId, storeInboundMessage } from '@/lib/mail/inbound/intake';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  create-agent --email E --name N --password P [--role admin|agent]
      Create an agent who can sign in (role "agent" unless given).
  reset-password --email E [--password P]
      Set a new password for the agent with that email (for a forgotten admin password). Without --password one is
      generated and printed once, alone on the last line.
  reset-2fa --email E
      Turn off two-factor sign-in for the agent with that email (a lost phone): their sessions end, the change is
      audited and they are emailed (by the server's mail worker).
  create-token --email E [--name LABEL]
      Create an API token acting as the agent with that email; the token is printed once, alone on the last line.
  backup --out FILE
      Write a consistent copy of the database to FILE and of the attachments it references to FILE's name
      + "-attachments/" (FILE backups/x.db: backups/x-attachments/); safe while the server runs.
  inbound < message.eml
      Store one email read from standard input (RFC 822, e.g. from Postfix's pipe or procmail) and apply it
      like any inbound mail. Exit 0 once it is stored; 75 (try again later) when it could not be stored.
  help
      Show this help.

The database is DATABASE_PATH (default ./data/parley.db).`;

/** Bad command-line input: reported in one line with a pointer to the help. */
class UsageError extends Error {}

type Flags = Record<string, string | undefined>;

function agentWithEmail(email: string) {
  const agent = getAgentByEmail({ email });
  if (!agent) throw new AppError('not_found', `No agent has the email ${email}.`);
  return agent;
}

type Command = {
  options: string[];
  required: string[];
  run: (flags: Flags) => Promise<void>;
};

const commands: Record<string, Command> = {
  'create-agent': {
    options: ['email', 'name', 'password', 'role'],
    required: ['email', 'name', 'password'],
    async run(flags) {
      const role = flags.role ?? 'agent';
      if (role !== 'admin' && role !== 'agent') throw new UsageError(`--role must be "admin" or "agent", not "${role}".`);
      const agent = await createAgent({ email: flags.email!, name: flags.name!, password: flags.password!, role }, systemActor);
      console.log(`Created ${agent.role} ${agent.name} <${agent.email}> (id ${agent.id}).`);
    },
  },

  'reset-password': {
    options: ['email', 'password'],
    required: ['email'],
    async run(flags) {
      const agent = agentWithEmail(flags.email!);
      const password = flags.password ?? randomBytes(12).toString('base64url');
      await resetAgentPassword({ id: agent.id, password }, systemActor);
      if (flags.password) {
        console.log(`Set a new password for ${agent.name} <${agent.email}>.`);
      } else {
        console.log(`Set a new password for ${agent.name} <${agent.email}>. It is shown only this once:`);
        console.log(password);
      }
    },
  },

  'reset-2fa': {
    options: ['email'],
    required: ['email'],
    async run(flags) {
      const agent = resetTwoFactor(agentWithEmail(flags.email!), systemActor);
      console.log(`Two-factor sign-in of ${agent.name} <${agent.email}> is reset; their sessions have ended and they will be emailed.`);
    },
  },

  'create-token': {
    options: ['email', 'name'],
    required: ['email'],
    async run(flags) {
      const agent = agentWithEmail(flags.email!);
      const { token, row } = createApiToken({ agentId: agent.id, label: flags.name ?? 'CLI' }, systemActor);
      console.log(`Created API token "${row.label}" (id ${row.id}) acting as ${agent.email}. It is shown only this once:`);
      console.log(token);
    },
  },

  backup: {
    options: ['out'],
    required: ['out'],
    async run(flags) {
      const source = getEnv().DATABASE_PATH;
      const out = path.resolve(flags.out!);
      // Opening a missing database would create an empty one and "back it up".
      if (!fs.existsSync(source)) throw new AppError('not_found', `There is no database at ${source}; check DATABASE_PATH.`);
      const filesOut = backupAttachmentsFolder(out);
      for (const target of [out, filesOut]) {
        if (fs.existsSync(target)) throw new AppError('conflict', `${target} already exists; choose a new file name.`);
      }
      await backupDatabase(getSqlite(), out);
      const files = copyAttachmentsForBackup(out);
      console.log(`Backed up ${source} to ${out} (${fs.statSync(out).size} bytes) and ${files.copied} attachment file(s) to ${files.folder}.`);
      // Only a file an admin removed after the snapshot (and the sweep then deleted) can be missing.
      if (files.missing.length > 0) console.warn(`parley: ${files.missing.length} attachment file(s) were already gone: ${files.missing.join(', ')}`);
    },
  },

  inbound: {
    options: [],
    required: [],
    async run() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      if (raw.length === 0) throw new UsageError('inbound: no message on standard input (npm run cli -- inbound < message.eml).');
      useStoredSecret();
      const db = getDb();
      let stored;
      try {
        stored = storeInboundMessage(db, { source: 'pipe', sourceId: pipeSourceId(raw), raw });
      } catch (error) {
        // The MTA keeps the message and tries again later.
        console.error(`parley: the message could not be stored: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 75;
        throw new HandledError();
      }
      if (!stored.stored) {
        console.log(`Already received as inbound message #${stored.id}; nothing added.`);
        return;
      }
      try {
        const result = await applyInboundMessage(db, stored.id);
        const ticket = result.ticketId === null ? '' : ` (ticket id ${result.ticketId})`;
        console.log(`Inbound message #${stored.id}: ${result.outcome}${ticket}${result.reason ? ` — ${result.reason}` : ''}`);
      } catch (error) {
        if (error instanceof AlreadyApplied) return;
        // Stored: the server's inbound worker retries it.
        console.log(`Inbound message #${stored.id} stored; applying it failed for now (${error instanceof Error ? error.message : String(error)}), the server will retry.`);
      }
    },
  },
};

/** Signed reply addresses and Message-IDs need the server's secret: the one `npm start` keeps beside the database. */
function useStoredSecret(): void {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(path.dirname(parseEnv(process.env).DATABASE_PATH), 'auth-secret');
  if (!fs.existsSync(file)) throw new AppError('not_found', `No AUTH_SECRET and no ${file}: start the server once, or set AUTH_SECRET.`);
  process.env.AUTH_SECRET = fs.readFileSync(file, 'utf8').trim();
}

/** An error already reported, with its exit code set. */
class HandledError extends Error {}

function parseFlags(name: string, command: Command, args: string[]): Flags {
  let values: Flags;
  try {
    ({ values } = parseArgs({
      args,
      options: Object.fromEntries(command.options.map((option) => [option, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Node's messages run on with advice about `--`; the first sentence says what is wrong.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      const firstSentence = error.message.split('\n')[0].split('. ')[0].replace(/\.$/, '');
      throw new UsageError(`${name}: ${firstSentence}.`);
    }
    throw error;
  }
  const missing = command.required.filter((option) => !values[option]?.trim());
  if (missing.length > 0) throw new UsageError(`${name}: missing ${missing.map((option) => `--${option}`).join(', ')}.`);
  return values;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    console.log(usage);
    return 0;
  }
  if (!name) {
    console.error(usage);
    return 1;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  try {
    if (!command) throw new UsageError(`Unknown command "${name}".`);
    await command.run(parseFlags(name, command, args));
    return 0;
  } catch (error) {
    if (error instanceof HandledError) return Number(process.exitCode ?? 1);
    if (error instanceof UsageError) console.error(`parley: ${error.message} Run "npm run cli -- help" for usage.`);
    else if (error instanceof AppError || error instanceof EnvError) console.error(`parley: ${error.message}`);
    else throw error;
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
