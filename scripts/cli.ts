// `npm run cli -- <command>` (`parley <command>` in the release bundle): administration from the shell — agents, API
// tokens, backups, restores and piped inbound mail. Runs with the react-server condition so `import 'server-only'` in
// lib/ resolves to its empty export (the bundle replaces it with an empty module).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAgent, getAgentByEmail, resetAgentPassword } from '@/lib/auth/agents';
import { createApiToken } from '@/lib/auth/api-tokens';
import { resetTwoFactor } from '@/lib/auth/two-factor';
import { backupAttachmentsFolder, restoreSnapshot, writeSnapshot } from '@/lib/files/backup';
import { systemActor } from '@/lib/core/audit';
import { getDb, getSqlite } from '@/lib/core/db';
import { EnvError, getEnv, parseEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { pipeSourceId, storeInboundMessage } from '@/lib/mail/inbound/intake';
import { applyAndDescribe, describeInboundOutcome, readInboundState } from '@/lib/mail/inbound/outcome';

// How the help names this program: the bundle's launcher sets it.
const program = process.env.PARLEY_PROGRAM ?? 'npm run cli --';

const usage = `Usage: ${program} <command> [options]

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
      + "-attachments/" (FILE backups/x.db: backups/x-attachments/), checked with SQLite's integrity check; safe
      while the server runs. The server also takes them itself (BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP).
  restore FILE
      Put the backup FILE (and its "-attachments/" folder) in place of the database and attachments. Refused while
      the server runs on this database. The backup is checked first; the current database, its -wal/-shm files and
      attachments are set aside in a "before-restore-<time>" folder beside the database.
  inbound < message.eml
      Store one email read from standard input (RFC 822, e.g. from Postfix's pipe or procmail) and apply it
      like any inbound mail; prints what became of it, also when the server applied it first. Exit 0 once it
      is stored; 75 (try again later) when it could not be stored.
  help
      Show this help.

The database is DATABASE_PATH (default: parley.db in DATA_DIR, which defaults to ./data).`;

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
  // The name of the one argument the command takes besides its options, if it takes one.
  positional?: string;
  run: (flags: Flags, argument?: string) => Promise<void>;
};

// Only a file an admin removed after the snapshot (and the sweep then deleted) can be missing.
function warnMissing(missing: string[]): void {
  if (missing.length > 0) console.warn(`parley: ${missing.length} attachment file(s) were already gone: ${missing.join(', ')}`);
}

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
      // Opening a missing database would create an empty one and "back it up".
      if (!fs.existsSync(source)) throw new AppError('not_found', `There is no database at ${source}; check DATABASE_PATH.`);
      const snapshot = writeSnapshot(getSqlite(), flags.out!);
      console.log(`Backed up ${source} to ${snapshot.file} (${snapshot.size} bytes) and ${snapshot.attachments} attachment file(s) to ${backupAttachmentsFolder(snapshot.file)}.`);
      warnMissing(snapshot.missing);
    },
  },

  restore: {
    options: [],
    required: [],
    positional: 'FILE',
    async run(_flags, file) {
      const restored = restoreSnapshot(file!);
      console.log(`Restored ${path.resolve(file!)} to ${getEnv().DATABASE_PATH} with ${restored.attachments} attachment file(s); the previous data is in ${restored.setAside}.`);
      warnMissing(restored.missing);
    },
  },

  inbound: {
    options: [],
    required: [],
    async run() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      if (raw.length === 0) throw new UsageError(`inbound: no message on standard input (${program} inbound < message.eml).`);
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
      // Always say what became of the message, whoever applied it.
      if (!stored.stored) {
        console.log(describeInboundOutcome(readInboundState(db, stored.id)!, 'earlier'));
        return;
      }
      try {
        console.log(await applyAndDescribe(db, stored.id));
      } catch (error) {
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

function parseFlags(name: string, command: Command, args: string[]): { values: Flags; argument?: string } {
  let values: Flags;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: Object.fromEntries(command.options.map((option) => [option, { type: 'string' as const }])),
      strict: true,
      allowPositionals: command.positional !== undefined,
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
  if (command.positional === undefined) return { values };
  if (positionals.length !== 1 || !positionals[0].trim()) throw new UsageError(`${name}: give exactly one ${command.positional}.`);
  return { values, argument: positionals[0] };
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
    const { values, argument } = parseFlags(name, command, args);
    await command.run(values, argument);
    return 0;
  } catch (error) {
    if (error instanceof HandledError) return Number(process.exitCode ?? 1);
    if (error instanceof UsageError) console.error(`parley: ${error.message} Run "${program} help" for usage.`);
    else if (error instanceof AppError || error instanceof EnvError) console.error(`parley: ${error.message}`);
    else throw error;
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
