import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Argument, Command, CommanderError, Help, type Option } from 'commander';
import { ConfigError } from '../config.ts';
import { registerCatalogueCommands } from './commands/catalogue.ts';
import { registerDatabaseCommands } from './commands/database.ts';
import { registerDossierCommands } from './commands/dossiers.ts';
import { registerFeedbackCommands } from './commands/feedback.ts';
import { registerOfficerCommands } from './commands/officers.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerReportCommands } from './commands/report.ts';
import { CliError, EXIT, PROJECT_ROOT } from './shared.ts';

/**
 * Officer and operator commands: `npm run -s cli -- <command>`. Texts for officers are Vietnamese; exit codes are
 * 0 (done), 1 (error: configuration, data, network) and 2 (wrong usage of the command line).
 */

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tuỳ chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tuỳ chọn chung:',
};

/** commander's own messages (usage errors) in Vietnamese; anything not known is shown as is. */
export function translateCommanderMessage(message: string): string {
  const rules: [RegExp, (...m: string[]) => string][] = [
    [/^error: unknown command '(.*)'(.*)$/s, (c, rest) => `lỗi: không có lệnh '${c}'${suggestion(rest)}`],
    [/^error: unknown option '(.*)'(.*)$/s, (o, rest) => `lỗi: không có tuỳ chọn '${o}'${suggestion(rest)}`],
    [/^error: missing required argument '(.*)'$/, (a) => `lỗi: thiếu tham số bắt buộc '${a}'`],
    [/^error: required option '(.*)' not specified$/, (o) => `lỗi: thiếu tuỳ chọn bắt buộc '${o}'`],
    [/^error: option '(.*)' argument missing$/, (o) => `lỗi: tuỳ chọn '${o}' cần một giá trị`],
    [/^error: option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s, (o, v, c) => `lỗi: giá trị '${v}' của tuỳ chọn '${o}' không hợp lệ. Các giá trị được phép: ${c}.`],
    [/^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (c, e, g) => `lỗi: thừa tham số${c ? ` cho lệnh '${c}'` : ''}: cần ${e}, nhận ${g}.`],
  ];
  const text = message.trimEnd();
  for (const [re, fn] of rules) {
    const m = re.exec(text);
    if (m) return fn(...m.slice(1).map((s) => s ?? ''));
  }
  return text;
}

function suggestion(rest: string): string {
  const m = /\(Did you mean (.*)\?\)/.exec(rest);
  return m ? `\n(Có phải ý bạn là ${m[1]}?)` : '';
}

const viUsage = (s: string) => s.replace(/\[options\]/g, '[tuỳ chọn]').replace(/\[command\]/g, '[lệnh]');
const viExtra = (s: string) => s.replace(/\(default: /g, '(mặc định: ').replace(/\(choices: /g, '(chọn một trong: ');

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('npm run -s cli --')
    .description('motcua — lệnh dành cho cán bộ và người vận hành chatbot Zalo OA của bộ phận một cửa')
    .version(packageVersion(), '-V, --version', 'hiển thị phiên bản')
    .helpOption('-h, --help', 'hiển thị trợ giúp')
    .helpCommand('help [lệnh]', 'hiển thị trợ giúp của một lệnh')
    .configureHelp({
      styleTitle: (str: string) => TITLES[str] ?? str,
      // Translated where the term is built, so that the help columns stay aligned.
      commandUsage: (cmd: Command) => viUsage(Help.prototype.commandUsage.call(new Help(), cmd)),
      subcommandTerm: (cmd: Command) => viUsage(Help.prototype.subcommandTerm.call(new Help(), cmd)),
      optionDescription: (option: Option) => viExtra(Help.prototype.optionDescription.call(new Help(), option)),
      argumentDescription: (argument: Argument) => viExtra(Help.prototype.argumentDescription.call(new Help(), argument)),
    })
    .configureOutput({ outputError: (str, write) => write(`${translateCommanderMessage(str)}\n`) })
    .showHelpAfterError('(xem cách dùng: npm run -s cli -- --help)')
    .showSuggestionAfterError(true)
    .exitOverride();

  registerReplayCommand(program);
  registerOfficerCommands(program);
  registerDatabaseCommands(program);
  registerDossierCommands(program);
  // After the dossier commands: it adds `import procedures` to their `import` group.
  registerCatalogueCommands(program);
  registerFeedbackCommands(program);
  registerReportCommands(program);

  program.addHelpText('after', [
    '',
    'Ví dụ:',
    '  npm run -s cli -- replay follow                 gửi sự kiện "quan tâm OA" mẫu tới máy chủ đang chạy',
    '  npm run -s cli -- replay --all                  gửi mọi sự kiện mẫu trong webhooks/',
    '  npm run -s cli -- officers add 7429516038125749871 --unit PQ --role officer --name "Nguyễn Văn An"',
    '  npm run -s cli -- officers list',
    '  npm run -s cli -- status',
    '  npm run -s cli -- import procedures danh-muc.jsonl so-tay.jsonl --full',
    '  npm run -s cli -- search "lam giay khai sinh cho con" --json',
    '  npm run -s cli -- qr --field "Hộ tịch" --out qr',
    '  npm run -s cli -- import dossiers ho-so-thang-6.xlsx   nhập hồ sơ (có dòng lỗi thì không nhập gì)',
    '  npm run -s cli -- stats --period 2024-06 --unit "Dương Đông"',
    '  npm run -s cli -- demo seed                     nạp dữ liệu mẫu Phú Quốc 2024',
    '  npm run -s cli -- import feedback pakn-thang-6.xlsx   nhập phản ánh, kiến nghị từ kênh khác',
    '  npm run -s cli -- feedback list --status open --unit "Dương Đông"',
    '  npm run -s cli -- report --period 2024-06 --out bao-cao-06-2024.docx   báo cáo tháng (DOCX, --format md)',
    '  npm run -s cli -- report text set --period 2024-07 --part II.1 --file mat-tich-cuc.txt',
    '',
    'Mã thoát: 0 thành công, 1 lỗi (cấu hình, dữ liệu, mạng), 2 dùng sai lệnh.',
  ].join('\n'));
  return program;
}

/** Runs the CLI and returns the exit code (does not exit: tests and callers decide). */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; anything else (unknown command, missing argument, a command
      // group without its sub-command…) is a usage error, whatever code commander chose
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.error;
    }
    if (err instanceof CliError) {
      process.stderr.write(`${err.exitCode === EXIT.usage ? 'lỗi: ' : ''}${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`Lỗi: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.error;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isEntry) {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // Safety net only: every command closes what it opened, but a stray handle must not keep a terminal waiting.
  setTimeout(() => process.exit(code), 5_000).unref();
}
