import { parseArgs } from 'node:util';

// Each command imports what it needs when it runs, so that `report` does not load the service.
const USAGE = `usage: modelwatch <command> [options]

commands:
  serve            run the HTTP API
  worker           run the background worker (folding, evaluation, alerting)
  all              run both in one process (development, the demo)
  migrate          apply database migrations and exit
  keys create --scope <admin|read|ingest>[,…] [--models a,b] [--name N]
  keys list | keys revoke <keyId>
  audit verify     recompute the audit log's hash chain; exit 1 naming the first broken entry
  evidence --model ID [--from T] [--to T] --out DIR
                   write the model's evidence for a review period (evidence.json, evidence.html)
  secrets rotate [--batch-size N]
                   re-seal every stored channel secret with SECRETS_KEY's first key
  secrets generate-key [--id ID]
                   print a new SECRETS_KEY entry
  demo [--duration <s>] [--rate <events/s>]
                   run the service with a demo model (modelwatch demo --help)
  report --schema model.json --reference ref.csv --current cur.csv [--format table|json] [--fail-on-drift] [--sketch]
`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
    case 'worker':
    case 'all': {
      const { runRoles } = await import('./cli/roles.js');
      await runRoles(command === 'serve' ? 'api' : command);
      return;
    }
    case 'migrate':
      return (await import('./cli/roles.js')).runMigrate();
    case 'demo':
      return (await import('./cli/demo/run-demo.js')).runDemoCommand(rest);
    case 'report':
      process.exitCode = await (await import('./cli/report/report.js')).runReport(rest);
      return;
    case 'keys':
      return (await import('./cli/keys.js')).runKeys(rest);
    case 'audit':
      return (await import('./cli/audit.js')).runAudit(rest);
    case 'evidence':
      return (await import('./cli/evidence.js')).runEvidence(rest);
    case 'secrets':
      return (await import('./cli/secrets.js')).runSecrets(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      parseArgs({ args: rest, strict: false });
      process.stderr.write(`modelwatch: unknown command "${command}"\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  // What stops a command from starting (no Postgres to be had, a port taken, a bad file) is the
  // reader's to fix: say it in a line, not as a stack trace.
  const cause = (err as Error).cause instanceof Error ? ` (${((err as Error).cause as Error).message})` : '';
  process.stderr.write(`modelwatch: ${(err as Error).message}${cause}\n`);
  process.exitCode = 1;
}
