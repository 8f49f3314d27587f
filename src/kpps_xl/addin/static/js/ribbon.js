// KPPS ribbon buttons (Office.js add-in served by xlwings-server).
// Each button runs one Python script and sends only the sheets that script needs:
// the roster sheets (found by a "Nama" + "NIK" header in their first 60 rows) and the result
// sheet it replaces (Temuan, Anggaran or Surat), so Python can refuse to replace a clerk's own
// sheet of that name. Excel on the web caps a request at about 5 MB, so a
// bigger roster is refused with a clear message (rendered by Python) instead of failing.
// Sheets are chosen with `exclude` (see kppsSendPlan): every roster sheet is sent whatever
// its name, and Python tells the clerk which sheets were checked and which skipped, why.

const KPPS_OUTPUT_SHEETS = ["Temuan", "Anggaran", "Surat", "Ringkasan", "Pengaturan", "xlwings.conf"];
// Python scans the first 60 rows for the header (roster/header.py SCAN_ROWS).
const KPPS_HEADER_ROWS = "A1:AZ60";
const KPPS_WEB_LIMIT_MB = 4.5;
// Measured: a 33,439 x 15 roster is 6.4 MB of JSON, about 13 bytes per cell.
const KPPS_BYTES_PER_CELL = 13;
// The clerk's own fills are read from at most this many cells per sheet (only columns with
// some fill), and sent as at most this many areas per sheet.
const KPPS_FILL_CELLS = 400000;
const KPPS_FILL_RUNS = 20000;
// Same as the "nik" aliases in src/kpps_xl/roster/aliases.py (a test keeps them equal).
const KPPS_NIK_ALIASES = [
  "nik", "nomor induk kependudukan", "no nik", "nik ktp", "no ktp", "nomor nik",
  "nik ktp el", "no induk kependudukan", "nomor ktp", "no ktp el", "nomor ktp el",
  "id number", "national id number", "identity number", "nik number",
];
// Aliases of other fields that begin with a NIK alias ("NIK KK" is the family card number).
const KPPS_NOT_NIK_ALIASES = ["nik kk"];

// Like Python's normalise_header: lowercase, a leading column number ("1. NIK") and "(...)"
// notes dropped, punctuation to spaces.
function kppsNormalise(value) {
  let text = String(value ?? "").toLowerCase().replace(/^\s*\d{1,2}\s*[.)]\s*(?=\D)/, "");
  const withoutNotes = text.replace(/\([^)]*\)/g, " ");
  if (withoutNotes.trim()) text = withoutNotes;
  return text.replace(/[^0-9a-z]+/g, " ").trim();
}

// "nik", "other" (an alias of another field) or null, as Python's field_for sees it.
function kppsAliasKind(text, compact) {
  const same = (alias) => (compact ? alias.replace(/ /g, "") === text : alias === text);
  if (KPPS_NOT_NIK_ALIASES.some(same)) return "other";
  if (KPPS_NIK_ALIASES.some(same)) return "nik";
  return null;
}

// True when a header cell names the NIK column: exact or spaced-out alias ("N I K"), or a
// header starting with one ("NIK KTP-el", "No. NIK", "NIK (16 digit)", "NIK / No. KTP").
function kppsIsNikHeader(value) {
  const text = kppsNormalise(value);
  if (!text) return false;
  const exact = kppsAliasKind(text, false) || kppsAliasKind(text.replace(/ /g, ""), true);
  if (exact) return exact === "nik";
  const words = text.split(" ");
  for (let size = words.length - 1; size > 0; size--) {
    const kind = kppsAliasKind(words.slice(0, size).join(" "), false);
    if (kind) return kind === "nik";
  }
  return false;
}

function kppsLooksLikeRoster(values) {
  const cells = values.flat();
  const hasNik = cells.some(kppsIsNikHeader);
  const hasName = cells.some((c) => kppsNormalise(c).startsWith("nama"));
  return hasNik && hasName;
}

// Every sheet with what the buttons need to know: is it a roster, one of our output sheets,
// and its estimated payload size (MB). Read with two syncs.
// Protection is read too: Excel refuses a colour on a protected sheet, or a new sheet in a
// protected workbook, halfway through the actions; Python plans around it instead.
// withFills (Periksa Data, Hapus Tanda): the roster sheets' own fills are read as well
// (kppsFills) and kept on the returned list as `fills`.
async function kppsSurvey(withFills) {
  return await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name");
    const book = context.workbook.protection?.load?.("protected");
    await context.sync();
    const probes = sheets.items.map((s) => ({
      sheet: s,
      output: KPPS_OUTPUT_SHEETS.includes(s.name),
      head: KPPS_OUTPUT_SHEETS.includes(s.name) ? null : s.getRange(KPPS_HEADER_ROWS).load("values"),
      used: s.getUsedRangeOrNullObject(true).load("rowCount,columnCount,rowIndex,columnIndex"),
      protection: s.protection?.load?.("protected"),
    }));
    await context.sync();
    const survey = probes.map((p) => ({
      sheet: p.sheet.name,
      output: p.output,
      roster: !p.output && kppsLooksLikeRoster(p.head.values),
      locked: Boolean(p.protection?.protected),
      bookLocked: Boolean(book?.protected),
      mb: p.used.isNullObject
        ? 0
        : (p.used.rowCount * p.used.columnCount * KPPS_BYTES_PER_CELL) / 1e6,
    }));
    survey.fills = withFills && kppsCanReadFills()
      ? await kppsFills(context, probes.filter((p, i) => survey[i].roster && !p.used.isNullObject))
      : null;
    return survey;
  });
}

// Range.getCellProperties (the fill of each cell) needs ExcelApi 1.9.
function kppsCanReadFills() {
  return Boolean(Office.context?.requirements?.isSetSupported?.("ExcelApi", "1.9"));
}

// A1 address of a 0-based (row, column).
function kppsA1(row, column) {
  let letters = "";
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters + String(row + 1);
}

// Runs of one filled colour down one column: {column, first, last, colour}, 0-based
// (colours[i] is the fill of row firstRow + i; "#FFFFFF" is Excel's "no fill").
function kppsFillRuns(column, firstRow, colours) {
  const out = [];
  let start = 0;
  for (let i = 1; i <= colours.length; i += 1) {
    if (i < colours.length && colours[i] === colours[start]) continue;
    const colour = colours[start];
    if (colour && colour.toUpperCase() !== "#FFFFFF") {
      out.push({ column: column, first: firstRow + start, last: firstRow + i - 1, colour: colour });
    }
    start = i;
  }
  return out;
}

// [["C6", "#00B050"], ["A2:O8", "#FFFF00"]]: the same runs in adjacent columns joined into
// rectangles (a team's rows coloured across the table is one area, not one per column).
function kppsFillAreas(runs) {
  const open = new Map();
  const done = [];
  for (const run of runs) {  // in column order
    const key = run.first + ":" + run.last + ":" + run.colour;
    const area = open.get(key);
    if (area && area.right === run.column - 1) {
      area.right = run.column;
      continue;
    }
    if (area) done.push(area);
    open.set(key, { left: run.column, right: run.column, first: run.first, last: run.last,
                    colour: run.colour });
  }
  done.push(...open.values());
  done.sort((a, b) => a.left - b.left || a.first - b.first);
  return done.map((a) => {
    const start = kppsA1(a.first, a.left);
    const end = kppsA1(a.last, a.right);
    return [start === end ? start : start + ":" + end, a.colour];
  });
}

// The clerk's own fills on the roster sheets, {sheet: fill runs}. A mark replaces a cell's
// fill; Python keeps the fill it replaced and gives it back when the mark goes. One sync
// reads each used column's fill (a column without any fill reads "#FFFFFF"), a second the
// cells of the other columns. A sheet with too many cells or fills to read is left out, and
// Python then clears its marks to no fill, as without this survey.
async function kppsFills(context, probes) {
  const columns = [];
  for (const p of probes) {
    for (let j = 0; j < p.used.columnCount; j += 1) {
      const range = p.sheet.getRangeByIndexes(p.used.rowIndex, p.used.columnIndex + j, p.used.rowCount, 1);
      columns.push({ probe: p, column: p.used.columnIndex + j, range: range,
                     fill: range.format.fill.load("color") });
    }
  }
  await context.sync();
  const read = new Map(probes.map((p) => [p, 0]));
  const cells = [];
  for (const c of columns) {
    if (String(c.fill.color).toUpperCase() === "#FFFFFF") continue;
    read.set(c.probe, read.get(c.probe) + c.probe.used.rowCount);
    if (read.get(c.probe) > KPPS_FILL_CELLS) continue;
    c.cells = c.range.getCellProperties({ format: { fill: { color: true } } });
    cells.push(c);
  }
  if (cells.length) await context.sync();
  const out = {};
  for (const p of probes) {
    if (read.get(p) <= KPPS_FILL_CELLS) out[p.sheet.name] = [];
  }
  for (const c of cells) {
    const list = out[c.probe.sheet.name];
    if (!list) continue;
    const colours = c.cells.value.map((row) => row[0]?.format?.fill?.color ?? null);
    list.push(...kppsFillRuns(c.column, c.probe.used.rowIndex, colours));
  }
  for (const name of Object.keys(out)) {
    out[name] = kppsFillAreas(out[name]);
    if (out[name].length > KPPS_FILL_RUNS) delete out[name];
  }
  return out;
}

// What xlwings' client does with an include/exclude string: split on "," and trim.
function kppsClientSplit(text) {
  return text === "" ? [] : text.split(",").map((item) => item.trim());
}

// Which sheets to exclude so that every wanted sheet is sent, whatever its name.
// xlwings' include/exclude is a comma-joined string the client splits and trims, so a name
// with a comma or an edge space cannot be listed; such an unwanted sheet is sent anyway
// (harmless: Python skips it and says so) rather than risking a wanted sheet being dropped.
function kppsSendPlan(names, wanted) {
  const listable = (name) => name !== "" && !name.includes(",") && name.trim() === name;
  const unwanted = names.filter((name) => !wanted.includes(name));
  const exclude = unwanted.filter(listable).join(",");
  const excluded = new Set(kppsClientSplit(exclude));
  const sent = names.filter((name) => !excluded.has(name));
  const lost = wanted.filter((name) => names.includes(name) && !sent.includes(name));
  return { exclude: exclude, sent: sent, lost: lost };
}

// Why a sheet is not sent as a roster, for the clerk's closing message (Python words it).
function kppsSkipReason(info) {
  if (info.output) return "hasil";
  return "tanpa_judul";
}

// What travels with the request besides the sheets: the survey, for the closing message.
function kppsRunInfo(survey, plan, wanted, tooBig) {
  const info = {
    roster: survey.filter((s) => s.roster).map((s) => s.sheet),
    dilewati: survey
      .filter((s) => !s.roster)
      .map((s) => ({ sheet: s.sheet, alasan: kppsSkipReason(s) })),
    terkirim: plan.sent,
    terkunci: survey.filter((s) => s.locked).map((s) => s.sheet),
    buku_terkunci: survey.some((s) => s.bookLocked),
    besar: tooBig ? survey.filter((s) => wanted.includes(s.sheet)).map((s) => ({ sheet: s.sheet, mb: s.mb })) : [],
  };
  if (survey.fills && !tooBig) info.warna = survey.fills;
  return info;
}

function kppsOnWeb() {
  return Office.context.diagnostics?.platform === Office.PlatformType.OfficeOnline;
}

// Errors that happen before Python is reached (Excel API, network): a dialog and the pane.
function kppsShowError(error) {
  const text = "Tombol KPPS gagal sebelum data sampai ke server: " + String(error?.message ?? error);
  console.error(error);
  if (typeof globalThis.kppsPaneError === "function") globalThis.kppsPaneError(text);
  try {
    const url =
      window.location.origin +
      "/xlwings/alert?prompt=" + encodeURIComponent(text) +
      "&title=KPPS&buttons=ok&mode=critical&callback=";
    Office.context.ui.displayDialogAsync(url, { height: 40, width: 30 });
  } catch (dialogError) {
    console.error(dialogError);
  }
}

let kppsRunning = false;

// ownSheet: the result sheet(s) the script reads or replaces (Python checks they are ours).
// Formulas (or values) of the budget sheets Hitung Anggaran replaces, from A1: xlwings sends
// values only, so a number the finance officer typed over a formula would look like ours.
// Python keeps a sheet edited since the last run under a "(sebelumnya)" name.
const KPPS_BUDGET_SHEETS = ["parameter", "anggaran", "rekap"];

async function kppsBudgetFormulas() {
  return await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name");
    await context.sync();
    const reads = sheets.items
      .filter((s) => KPPS_BUDGET_SHEETS.includes(s.name.toLowerCase()))
      .map((s) => ({ name: s.name,
                     used: s.getUsedRangeOrNullObject().load("formulas,rowIndex,columnIndex") }));
    await context.sync();
    const out = {};
    for (const r of reads) {
      if (r.used.isNullObject) continue;
      const pad = Array(r.used.columnIndex).fill("");
      out[r.name] = [...Array(r.used.rowIndex).fill([]),
                     ...r.used.formulas.map((row) => [...pad, ...row])];
    }
    return out;
  });
}

// The scripts that mark or clear cells also get the roster sheets' own fills (kppsFills).
const KPPS_FILL_SCRIPTS = ["periksa_roster", "hapus_tanda"];

async function kppsRun(event, scriptName, ownSheet, withRosters) {
  if (kppsRunning) {
    event?.completed?.();
    return;
  }
  kppsRunning = true;
  globalThis.kppsPaneBusy?.(true, scriptName);
  try {
    const auth =
      typeof globalThis.getAuth === "function"
        ? await globalThis.getAuth()
        : { token: "", provider: "" };
    const survey = await kppsSurvey(KPPS_FILL_SCRIPTS.includes(scriptName));
    const wanted = withRosters ? survey.filter((s) => s.roster).map((s) => s.sheet) : [];
    wanted.push(...[].concat(ownSheet));
    // The task pane's settings travel with every call (Python reads them on top of the file).
    if (survey.some((s) => s.sheet === "Pengaturan")) wanted.push("Pengaturan");
    const plan = kppsSendPlan(survey.map((s) => s.sheet), wanted);
    const sentMb = survey.filter((s) => plan.sent.includes(s.sheet)).reduce((sum, s) => sum + s.mb, 0);
    const tooBig = withRosters && kppsOnWeb() && sentMb > KPPS_WEB_LIMIT_MB;
    // Nothing but the refusal message travels when the data is too big.
    const sendPlan = tooBig ? kppsSendPlan(survey.map((s) => s.sheet), [].concat(ownSheet)) : plan;
    const info = kppsRunInfo(survey, sendPlan, wanted, tooBig);
    if (scriptName === "hitung_anggaran" && !tooBig) info.rumus = await kppsBudgetFormulas();
    await xlwings.runPython({
      auth: auth.token,
      scriptName: scriptName,
      headers: { "Auth-Provider": auth.provider },
      exclude: sendPlan.exclude,
      args: [JSON.stringify(info)],
    });
  } catch (error) {
    kppsShowError(error);
  } finally {
    kppsRunning = false;
    globalThis.kppsPaneBusy?.(false, scriptName);
    event?.completed?.();
  }
}

async function kppsPeriksa(event) {
  await kppsRun(event, "periksa_roster", "Temuan", true);
}

// The roster sheets travel too: after a sort the marks are found by their rows' fingerprints
// (too big for the web: only Temuan travels and the names alone are used).
async function kppsHapus(event) {
  await kppsRun(event, "hapus_tanda", "Temuan", true);
}

async function kppsAnggaran(event) {
  await kppsRun(event, "hitung_anggaran", ["Parameter", "Anggaran", "Rekap"], true);
}

async function kppsSurat(event) {
  await kppsRun(event, "buat_surat", "Surat", true);
}

globalThis.kppsRun = kppsRun;
Office.actions.associate("kpps-periksa", kppsPeriksa);
Office.actions.associate("kpps-hapus", kppsHapus);
Office.actions.associate("kpps-anggaran", kppsAnggaran);
Office.actions.associate("kpps-surat", kppsSurat);
