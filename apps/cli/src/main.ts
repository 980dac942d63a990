import { carryForward } from './commands/carry-forward';
import { deadLetters } from './commands/dead-letters';
import { importTable } from './commands/import';
import { play } from './commands/play';
import { diffPublished, exportPublished, isPublishedDiff, listPublications, publish } from './commands/publications';
import { remind } from './commands/remind';
import { diffTables, exportTable, publicKey, rebuildProjection, signCheckpoints, verifyChains } from './commands/reporting';
import { verifyFile } from './commands/verify-file';
import { status } from './commands/status';
import { template } from './commands/template';
import { token } from './commands/token';
import { CliError } from './http-client';
import { parseArgs } from './main-args';

const USAGE = `usage: npm run cli -- <command>

  status                         exit 0 when intake, review and reporting answer their health checks
  import <file> [--year Y] [--json]
                                 import a published table (项目支出绩效目标表) as drafts
  template download --unit U [--year Y] --out FILE
                                 the 填报模板 of a unit (id or name): its editable drafts, one row per indicator
  template upload FILE [--unit U] [--json]
                                 create or update the unit's drafts from a filled template; exit 3 when
                                 a project was a conflict (changed since the download) or not accepted
  token --role R [--unit U] [--department D] [--user ID] [--name N]
                                 print a development bearer token
  play --department NAME [--year Y] [--except PROJECT[,PROJECT]] [--json]
                                 submit every draft of the department (but the projects named in --except)
                                 and take it through the whole sign-off chain as the demo users of each
                                 level; exit 0 when all end approved
  carry-forward --sheet ID [--json]
                                 next year's draft of an approved continuing project (持续性项目): its
                                 content copied, its origin recorded; exit 1 when refused (e.g. 已结转)
  export --department NAME --format txt|csv|xlsx|html [--year Y] [--as-of TIME] --out FILE
                                 export the consolidated table (项目支出绩效目标表), optionally as of a moment;
                                 its signature is written beside it as FILE.sig
  diff --department NAME --from TIME --to TIME [--year Y]
                                 the difference between the table at two moments (JSON on stdout)
  publish --department NAME [--year Y] [--reason TEXT] [--exclude SHEET_ID=REASON[,…]]
                                 publish the year's table as the department reviewer (公开); from version 2 on
                                 a correction (更正) that needs --reason; prints the version and its checksum
  publications --department NAME [--year Y] [--json]
                                 the published versions (已发布 / 更正): who, when, checksum
  export --department NAME --published N --format F [--year Y] --out FILE
                                 published version N exactly as it was published
  diff --department NAME --from vN --to vM [--year Y]
                                 the difference between two published versions (also --published --from N --to M)
  remind --department NAME --deadline YYYY-MM-DD [--year Y] [--message TEXT] [--batch ID] [--json]
                                 催办 as the department reviewer: every unit with open drafts (草稿, 退回修改)
                                 of the year (default: the latest) is notified; the same --batch again sends nothing
  verify                         exit 0 when every hash chain of the reporting copy holds and matches
                                 the signed checkpoints; 3 when a chain is broken or history was rewritten
  checkpoint                     sign checkpoints now (admin); reporting also does so every interval
  public-key [--out FILE]        the reporting service's Ed25519 public key (PEM)
  verify-file FILE --public-key PEM [--signature FILE.sig] [--json]
                                 offline, without the services: exit 0 when FILE is the signed export,
                                 3 when it was changed or its signature does not hold
  rebuild                        rebuild the reporting projection from the Kafka topics and switch over
  dead-letters [--service S] [--all] [--limit N] [--replay [--consumer NAME]] [--json]
                                 the messages the consumers could not handle, with the reason; --replay
                                 handles the waiting ones again; exit 0 when none waits`;

async function main(argv: string[]): Promise<number> {
  const { command, args, flags } = parseArgs(argv);
  switch (command) {
    case 'status':
      return status();
    case 'import':
      return importTable(args, flags);
    case 'template':
      return template(args, flags);
    case 'token':
      return token(flags);
    case 'play':
      return play(flags);
    case 'carry-forward':
      return carryForward(flags);
    case 'export':
      return flags.has('published') ? exportPublished(flags) : exportTable(flags);
    case 'diff':
      return isPublishedDiff(flags) ? diffPublished(flags) : diffTables(flags);
    case 'publish':
      return publish(flags);
    case 'remind':
      return remind(flags);
    case 'publications':
      return listPublications(flags);
    case 'verify':
      return verifyChains(flags);
    case 'checkpoint':
      return signCheckpoints(flags);
    case 'public-key':
      return publicKey(flags);
    case 'verify-file':
      return verifyFile(args, flags);
    case 'rebuild':
      return rebuildProjection(flags);
    case 'dead-letters':
      return deadLetters(flags);
    case undefined:
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof CliError) {
      console.error(e.message);
      process.exit(e.exitCode);
    }
    console.error(e);
    process.exit(1);
  },
);
