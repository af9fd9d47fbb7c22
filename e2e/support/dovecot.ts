import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

// A throwaway Dovecot (Debian's dovecot-imapd) for the inbound-mail tests: its own config in a temp folder, on a
// free loopback port, never the system service. As root, the mail processes run as nobody (Dovecot refuses uid 0).

export type TestImapServer = {
  port: number;
  user: string;
  password: string;
  url: string;
  append: (raw: string | Buffer) => Promise<void>;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startDovecot(): Promise<TestImapServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'support@example.test';
  const password = 'imap-secret';
  const home = path.join(dir, 'home', 'support');
  fs.mkdirSync(home, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const [mailUser, mailGroup] = asRoot ? ['nobody', 'nogroup'] : [os.userInfo().username, os.userInfo().username];
  if (asRoot) fs.chownSync(home, uidOf('nobody'), gidOf('nogroup'));
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::${home}::\n`);
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `instance_name = parley-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_uid = ${mailUser}
mail_gid = ${mailGroup}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn('dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port);

  const withClient = async <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout();
    }
  };

  return {
    port,
    user,
    password,
    url: `imap://${encodeURIComponent(user)}:${password}@127.0.0.1:${port}/INBOX`,
    append: (raw) => withClient(async (client) => void (await client.append('INBOX', raw))),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function idFrom(file: string, name: string): number {
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`${name} is not in ${file}`);
  return Number(line.split(':')[2]);
}
const uidOf = (name: string) => idFrom('/etc/passwd', name);
const gidOf = (name: string) => idFrom('/etc/group', name);
