// KPPS ribbon buttons (Office.js add-in served by xlwings-server).
// Each button runs one Python script and sends only the sheets that script needs:
// the roster sheets (found by a "Nama" + "NIK" header in their first 60 rows) and the result
// sheet it replaces (Temuan, Anggaran or Surat), so Python can refuse to replace a clerk's own
// sheet of that name. Excel on the web caps a request at about 5 MB, so a
// bigger roster is refused with a clear message (rendered by Python) instead of failing.
// Note: xlwings joins sheet names with commas, so a sheet name containing "," cannot be
// sent selectively.

const KPPS_OUTPUT_SHEETS = ["Temuan", "Anggaran", "Surat", "Ringkasan", "Pengaturan", "xlwings.conf"];
// Python scans the first 60 rows for the header (roster/header.py SCAN_ROWS).
const KPPS_HEADER_ROWS = "A1:AZ60";
const KPPS_WEB_LIMIT_MB = 4.5;
// Measured: a 33,439 x 15 roster is 6.4 MB of JSON, about 13 bytes per cell.
const KPPS_BYTES_PER_CELL = 13;
// Same as the "nik" aliases in src/kpps_xl/roster/aliases.py (a test keeps them equal).
const KPPS_NIK_ALIASES = [
  "nik", "nomor induk kependudukan", "no nik", "nik ktp", "no ktp", "nomor nik",
  "nik ktp el", "no induk kependudukan",
];
// Aliases of other fields that begin with a NIK alias ("NIK KK" is the family card number).
const KPPS_NOT_NIK_ALIASES = ["nik kk"];

// Like Python's normalise_header: lowercase, "(...)" notes dropped, punctuation to spaces.
function kppsNormalise(value) {
  let text = String(value ?? "").toLowerCase();
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

// Roster sheets with their estimated payload size (MB), read with one sync.
async function kppsRosterSheets() {
  return await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name");
    await context.sync();
    const probes = sheets.items
      .filter((s) => !KPPS_OUTPUT_SHEETS.includes(s.name))
      .map((s) => ({
        sheet: s,
        head: s.getRange(KPPS_HEADER_ROWS).load("values"),
        used: s.getUsedRangeOrNullObject(true).load("rowCount,columnCount"),
      }));
    await context.sync();
    return probes
      .filter((p) => kppsLooksLikeRoster(p.head.values))
      .map((p) => ({
        sheet: p.sheet.name,
        mb: p.used.isNullObject
          ? 0
          : (p.used.rowCount * p.used.columnCount * KPPS_BYTES_PER_CELL) / 1e6,
      }));
  });
}

function kppsOnWeb() {
  return Office.context.diagnostics?.platform === Office.PlatformType.OfficeOnline;
}

// ownSheet: the result sheet the script reads or replaces (Python checks it is ours).
async function kppsRun(event, scriptName, ownSheet, withRosters) {
  try {
    const auth =
      typeof globalThis.getAuth === "function"
        ? await globalThis.getAuth()
        : { token: "", provider: "" };
    const rosters = withRosters ? await kppsRosterSheets() : [];
    const include = rosters.map((r) => r.sheet);
    include.push(ownSheet);
    const totalMb = rosters.reduce((sum, r) => sum + r.mb, 0);
    const tooBig = kppsOnWeb() && totalMb > KPPS_WEB_LIMIT_MB;
    await xlwings.runPython({
      auth: auth.token,
      scriptName: scriptName,
      headers: { "Auth-Provider": auth.provider },
      // Nothing but the refusal message travels when the data is too big.
      include: tooBig ? ownSheet : include.join(","),
      args: tooBig ? [JSON.stringify(rosters)] : [],
    });
  } finally {
    event.completed();
  }
}

async function kppsPeriksa(event) {
  await kppsRun(event, "periksa_roster", "Temuan", true);
}

async function kppsHapus(event) {
  await kppsRun(event, "hapus_tanda", "Temuan", false);
}

async function kppsAnggaran(event) {
  await kppsRun(event, "hitung_anggaran", "Anggaran", true);
}

async function kppsSurat(event) {
  await kppsRun(event, "buat_surat", "Surat", true);
}

Office.actions.associate("kpps-periksa", kppsPeriksa);
Office.actions.associate("kpps-hapus", kppsHapus);
Office.actions.associate("kpps-anggaran", kppsAnggaran);
Office.actions.associate("kpps-surat", kppsSurat);
