import 'reflect-metadata';
import { readConfig } from '../config';
import { withCliDatabase } from '../db/cli-database';
import { ACTIVITY_DATE, DEFAULT_DEMO_SEED, DEMO_BUREAU_NAME, DEMO_PASSWORD, DEMO_USERS, findDemoCounty, seedDemoCounty } from './seed';

const breakdown = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');

// `pnpm seed:demo [--students N] [--seed S] [--force]`: loads the demo county into DATABASE_URL,
// or into the embedded database in .data/pg when DATABASE_URL is not set.

const USAGE = `usage: pnpm seed:demo [--students N] [--seed S] [--force]
  --students N  students to generate (default: DEMO_STUDENTS or 3000), about 2% of them not enrolled
  --seed S      random seed (default ${DEFAULT_DEMO_SEED}); the same seed gives the same county
  --force       when the demo county is already loaded, explain what to do instead of failing
Loads into DATABASE_URL, or into the embedded database in .data/pg when it is not set.`;

interface Options {
  students: number;
  seed: number;
  force: boolean;
}

function parseArgs(argv: string[]): Options | 'help' {
  const config = readConfig();
  const options: Options = { students: config.demoScale, seed: DEFAULT_DEMO_SEED, force: false };
  const whole = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number${min > 0 ? ` of at least ${min}` : ''} (got ${value ?? 'nothing'})\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--students') options.students = whole(flag, value(), 0);
    else if (flag === '--seed') options.seed = whole(flag, value(), Number.MIN_SAFE_INTEGER);
    else if (flag === '--force') options.force = true;
    else if (flag === '--help' || flag === '-h') return 'help';
    else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  if (!Number.isInteger(options.students) || options.students < 0) throw new Error(`DEMO_STUDENTS must be a whole number (got ${process.env.DEMO_STUDENTS})`);
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  await withCliDatabase(async (orm, { embedded }) => {
    const found = await findDemoCounty(orm);
    if (found.length) {
      const where = embedded ? 'the embedded database (.data/pg)' : 'DATABASE_URL';
      const explanation = [
        `The demo county is already loaded in ${where} (found ${found.join(', ')}).`,
        'Nothing was added: a second copy would clash with the demo logins, whose usernames are unique.',
        embedded
          ? 'To load it afresh, stop the server, delete .data/pg and run pnpm seed:demo again (or just pnpm start, which loads it into an empty database).'
          : 'To load it afresh, point DATABASE_URL at an empty database (or drop and recreate this one) and run pnpm seed:demo again.',
      ].join('\n');
      if (options.force) {
        console.log(`--force: ${explanation}`);
        return;
      }
      console.error(`${explanation}\n(--force only explains this; it never adds a second county.)`);
      process.exitCode = 1;
      return;
    }

    console.log(`loading the demo county ${DEMO_BUREAU_NAME}: ${options.students} students, seed ${options.seed} …`);
    const s = await seedDemoCounty(orm, { students: options.students, seed: options.seed });
    console.log(
      [
        `  regions   ${s.regions} (1 county, ${s.towns} towns, ${s.villages} villages)`,
        `  schools   ${s.schools}`,
        `  classes   ${s.classes}`,
        `  staff     ${s.staff}`,
        `  students  ${s.students} (${s.enrolled} enrolled, ${s.notEnrolled} not enrolled)`,
        `  guardians ${s.guardians}`,
        `  users     ${s.users}`,
        `  campaigns ${s.campaigns} (${s.rosterEntries} students on their rosters)`,
        `  pairings  ${s.pairings} (${breakdown(s.pairingsByMode)})`,
        `  visits    ${s.visits} (${breakdown(s.visitsByStatus)}; ${s.overdueVisits} overdue now)`,
        `  parents' suggestions ${s.suggestions} (${s.escalatedSuggestions} escalated, awaiting an answer)`,
        `  care checks ${s.careChecks}`,
        `  aid items ${s.assistanceItems} (${(s.assistanceFen / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })} 元)`,
        `  dropout cases ${s.dropoutCases} (${breakdown(s.dropoutCasesByStatus)})`,
        `  attachments ${s.attachments}, enrollment checks ${s.enrollmentChecks}`,
        `  enrolment changes ${s.enrollmentChanges} (transfers, graduations, suspensions, leaves)`,
        `  records are dated up to ${ACTIVITY_DATE}, the demo's "today"; the visits out now follow the real clock`,
      ].join('\n'),
    );
    console.log(`done in ${(s.ms / 1000).toFixed(1)} s`);
    console.log(`demo logins (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`);
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  if (process.env.DEBUG) console.error(err);
  process.exit(1);
});
